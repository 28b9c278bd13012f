package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A held availability is open to everyone the moment its deadline passes; the events of an offer name it stably. */
class HoldTest {
    private static final Instant DEADLINE = Instant.parse("2030-01-15T10:15:00Z");
    private static final UserRef DOCTOR = new UserRef("doc", "doc", "Dr Doc");
    private static final TimeSlot TEN = new TimeSlot(3, new TimeRange(LocalTime.parse("10:00"), LocalTime.parse("10:30")));
    private static final LocalDate DAY = LocalDate.parse("2030-01-16");

    private static Availability held() {
        return new Availability("a1", DOCTOR, DAY, TEN, Availability.Status.HELD, null, 2,
                Optional.of(new Availability.Hold("p1", "e1", DEADLINE, Set.of())));
    }

    @Test
    void aLiveHoldIsNotOpenAndAnExpiredOneIsFromItsDeadlineOn() {
        assertThat(held().isHeldAt(DEADLINE.minusMillis(1))).isTrue();
        assertThat(held().isOpenAt(DEADLINE.minusMillis(1))).isFalse();
        assertThat(held().isHeldAt(DEADLINE)).isFalse();
        assertThat(held().isOpenAt(DEADLINE)).isTrue();
    }

    @Test
    void openAndClosedAvailabilitiesAreWhatTheirStatusSays() {
        var open = new Availability("a2", DOCTOR, DAY, TEN, Availability.Status.OPEN, null);
        var closed = open.with(Availability.Status.CLOSED, null);
        assertThat(open.isOpenAt(DEADLINE)).isTrue();
        assertThat(closed.isOpenAt(DEADLINE)).isFalse();
        assertThat(closed.isHeldAt(DEADLINE)).isFalse();
    }

    @Test
    void anOffersEventsAreNamedByItsEntryAndDeadlineAndCarryTheSlotInTheClinicsZone() {
        var entry = new WaitlistEntry("e1", new UserRef("p1", "pat", "Pat Jones"), DOCTOR, DAY, Optional.empty(),
                DEADLINE.minusSeconds(3600), Optional.empty());
        var offered = WaitlistEvent.offered(entry, TEN, DEADLINE, DEADLINE.minusSeconds(900));
        var expired = WaitlistEvent.expired(entry, TEN, DEADLINE, "declined", DEADLINE.minusSeconds(60));
        assertThat(offered.id()).isEqualTo("offer-e1-" + DEADLINE.toEpochMilli());
        assertThat(expired.id()).isNotEqualTo(offered.id());
        Map<String, Object> detail = offered.detail(ZoneId.of("Europe/Paris"));
        assertThat(detail).containsEntry("type", "waitlist.offered").containsEntry("timeSlot", 3)
                .containsEntry("start", "2030-01-16T09:00:00Z").containsEntry("deadline", DEADLINE.toString())
                .doesNotContainKey("reason");
        assertThat(expired.detail(ZoneId.of("UTC"))).containsEntry("type", "waitlist.expired").containsEntry("reason", "declined");
    }
}
