package clinic.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.schedule.Timers;
import clinic.support.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Timers set through EventBridge Scheduler on the emulator fire in-process when the local clock
 * reaches them, once, and not at all once cancelled. The target is PopulateTimeSlots, whose effect
 * (the 24 standard slots) shows whether it ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalSchedulerTest {
    private LocalResources stack;
    private Timers timers;
    private String target;

    @BeforeAll
    void start() {
        stack = TestStack.fresh(LocalSchedulerTest.class);
        timers = stack.app().timers();
        target = stack.functions().arnOf("PopulateTimeSlots");
    }

    @AfterAll
    void stop() {
        stack.delete();
        stack.close();
    }

    @BeforeEach
    void noTimers() {
        stack.scheduler().pending().forEach(p -> timers.cancel(p.name()));
    }

    @Test
    void aTimerFiresOnceWhenTheClockReachesIt() {
        timers.set("populate", stack.clock().instant().plus(Duration.ofMinutes(15)), target, "{}");

        assertThat(stack.scheduler().fireDue()).as("not due yet").isZero();
        assertThat(stack.app().timeSlots().list()).isEmpty();

        stack.clock().advance(Duration.ofMinutes(16));
        assertThat(stack.scheduler().fireDue()).isEqualTo(1);
        assertThat(stack.app().timeSlots().list()).hasSize(24);
        assertThat(stack.scheduler().fireDue()).as("fired once, then gone").isZero();
        assertThat(stack.scheduler().pending()).isEmpty();
    }

    @Test
    void settingATimerAgainMovesItAndCancellingTwiceIsFine() {
        Instant now = stack.clock().instant();
        timers.set("moved", now.plus(Duration.ofMinutes(10)), target, "{}");
        timers.set("moved", now.plus(Duration.ofHours(2)), target, "{}");

        assertThat(stack.scheduler().pending()).singleElement()
                .satisfies(p -> assertThat(p.at()).as("the first whole minute at or after it")
                        .isEqualTo(now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1))));
        timers.cancel("moved");
        timers.cancel("moved");
        stack.clock().advance(Duration.ofHours(3));
        assertThat(stack.scheduler().fireDue()).isZero();
    }

    @Test
    void aTimerForAPastInstantFiresAtTheFirstWholeMinuteAMinuteFromNow() {
        Instant now = stack.clock().instant();
        timers.set("late", now.minus(Duration.ofHours(1)), target, "{}");

        assertThat(stack.scheduler().pending()).singleElement().satisfies(p -> {
            assertThat(p.at()).isBetween(now.plusSeconds(59), now.plusSeconds(121));
            assertThat(p.at()).isEqualTo(p.at().truncatedTo(ChronoUnit.MINUTES));
        });
    }

    @Test
    void aTimerNameSchedulerWouldRefuseIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> timers.set("has space", Instant.now(), target, "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTemplatesRecurringSchedulesRunOncePerPeriodOnTheLocalClock() {
        Map<String, Duration> schedules = stack.scheduler().recurringSchedules();
        assertThat(schedules).as("template.yaml's rate() schedules, with the parameters' defaults")
                .containsEntry("RepublishOutbox", Duration.ofMinutes(15)).containsEntry("SweepOffers", Duration.ofMinutes(5))
                .containsEntry("RollWorkingHours", Duration.ofDays(1));
        stack.scheduler().fireRecurringDue(); // whatever earlier moves of the clock made due
        assertThat(stack.scheduler().fireRecurringDue()).as("not a period yet").isEmpty();
        stack.clock().advance(java.util.Collections.max(schedules.values()));
        assertThat(stack.scheduler().fireRecurringDue()).as("each recurring function ran once, however many of its periods passed")
                .containsExactlyInAnyOrderElementsOf(schedules.keySet());
        assertThat(stack.scheduler().fireRecurringDue()).isEmpty();
    }
}
