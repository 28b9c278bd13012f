package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offer deadlines with the local stack's clock moved: a hold past its deadline is open to everyone
 * before any timer runs, an accept then is 409 OFFER_EXPIRED; and the whole pipeline (the offer's
 * event on the bus sets a timer, the timer passes the offer on) walks an offer down a queue of five
 * until the slot opens to all.
 */
class OfferDeadlinesTest extends EndToEndTest {
    private static final Duration PAST_A_DEADLINE = Duration.ofMinutes(16);

    private User doctor;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Dora Deadline");
    }

    /** Each test starts with no event in flight and no timer set: the class's stack (and clock) is shared. */
    @BeforeEach
    void nothingPending() {
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name()));
    }

    private String join(User patient, String day) {
        var reply = api.post("/api/waitlist/", patient.token(), Map.of("doctor", doctor.id(), "date", day));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return (String) reply.object().get("id");
    }

    private Object offerOf(User patient, String day) {
        var reply = api.get("/api/waitlist/?date=" + day, patient.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array().isEmpty() ? null : reply.array().getFirst().get("offer");
    }

    /** Publishes the outbox, delivers the bus's events (setting offer timers) and fires the timers that are due. */
    private int runThePipeline() {
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        return stack.scheduler().fireDue();
    }

    private Map<String, Object> cancelledWithWaiters(String day, int slot, List<User> waiters, List<String> entries) {
        declare(doctor, day, slot);
        User booker = users.patient("Bob Booker " + slot);
        var appointment = booked(booker, doctor, day, slot);
        for (User waiter : waiters) {
            entries.add(join(waiter, day));
        }
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", booker.token()).status()).isEqualTo(204);
        return appointment;
    }

    @Test
    void aHoldPastItsDeadlineIsOpenToEveryoneBeforeAnyTimerRunsAndAnAcceptIsOfferExpired() {
        String day = freshDay();
        User waiter = users.patient("Tardy Waiter");
        List<String> entries = new ArrayList<>();
        cancelledWithWaiters(day, 3, List.of(waiter), entries);
        assertThat(offerOf(waiter, day)).isNotNull();
        assertThat(openSlots("date=" + day, waiter)).isEmpty();

        stack.clock().advance(PAST_A_DEADLINE);
        assertThat(openSlots("date=" + day, waiter)).as("expired: listed open, no timer needed").hasSize(1);
        assertThat(offerOf(waiter, day)).as("the entry shows no live offer").isNull();
        Api.Reply late = api.post("/api/waitlist/" + entries.getFirst() + "/accept", waiter.token(), Map.of());
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("OFFER_EXPIRED");
        assertThat(api.post("/api/waitlist/" + entries.getFirst() + "/decline", waiter.token(), Map.of()).code())
                .isEqualTo("OFFER_EXPIRED");
        assertAuditClean();
        booked(users.patient("Early Bird"), doctor, day, 3);
        assertAuditClean();

        // The timer, late: the slot went elsewhere, so it only clears what is left of the offer; twice is harmless.
        runThePipeline();
        assertThat(stack.scheduler().pending()).as("a timer for an instant past is set a minute ahead").isNotEmpty();
        String timer = stack.scheduler().pending().getFirst().input();
        stack.clock().advance(Duration.ofMinutes(2));
        assertThat(stack.scheduler().fireDue()).isPositive();
        assertThat(stack.scheduler().fireDue()).isZero();
        stack.functions().invoke("ExpireOffer", timer); // a duplicate delivery
        assertThat(api.get("/api/waitlist/?date=" + day, waiter.token()).array()).as("the entry keeps waiting").hasSize(1);
        assertAuditClean();
    }

    @Test
    void theOfferPassesDownAQueueOfFiveAtEachDeadlineThenTheSlotOpensToAll() {
        String day = freshDay();
        List<User> waiters = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            waiters.add(users.patient("Queued Number" + i));
        }
        cancelledWithWaiters(day, 5, waiters, new ArrayList<>());
        for (int turn = 0; turn < 5; turn++) {
            for (int other = 0; other < 5; other++) {
                Object offer = offerOf(waiters.get(other), day);
                assertThat(offer != null).as("turn %d, waiter %d holds the offer", turn, other).isEqualTo(other == turn);
            }
            assertThat(openSlots("date=" + day, waiters.getFirst())).isEmpty();
            assertAuditClean();
            runThePipeline();
            assertThat(stack.scheduler().pending()).as("the offer's timer, at its deadline")
                    .anySatisfy(p -> assertThat(p.at()).isAfter(stack.clock().instant().plus(Duration.ofMinutes(14))));
            stack.clock().advance(PAST_A_DEADLINE);

            // At least the deadline's timer; an event delivered again re-arms a spent offer's timer, which then changes nothing.
            assertThat(stack.scheduler().fireDue()).as("the deadline's timer").isPositive();
        }
        for (User waiter : waiters) {
            assertThat(offerOf(waiter, day)).isNull();
        }
        var open = openSlots("date=" + day, waiters.getFirst());
        assertThat(open).singleElement().satisfies(a -> assertThat(a).containsEntry("is_available", true));
        var schedule = openSlots("doctor=" + doctor.id() + "&date=" + day + "&status=open", doctor);
        assertThat(schedule).hasSize(1);
        runThePipeline();
        stack.clock().advance(Duration.ofMinutes(2));
        stack.scheduler().fireDue();
        assertThat(openSlots("date=" + day, waiters.getFirst())).as("late or repeated timers change nothing").hasSize(1);
        assertAuditClean();
        booked(waiters.get(2), doctor, day, 5);
        assertAuditClean();
    }
}
