package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitlistTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private final ClinicClock clock = new ClinicClock(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("UTC"));
    private static final LocalDate TOMORROW = LocalDate.parse("2030-01-16");
    private static final UserRef DOCTOR = new UserRef("doc", "doc", "Dr Doc");
    private static final TimeSlot TEN = slot(3, "10:00", "10:30");

    private static TimeSlot slot(int id, String start, String end) {
        return new TimeSlot(id, new TimeRange(LocalTime.parse(start), LocalTime.parse(end)));
    }

    private static WaitlistEntry entry(String id, String patient, int joinedSecond, Optional<TimeRange> window) {
        return new WaitlistEntry(id, new UserRef(patient, patient, patient), DOCTOR, TOMORROW, window,
                NOW.minusSeconds(100 - joinedSecond), Optional.empty());
    }

    @Test
    void theFirstWaiterInJoinOrderWhoWantsTheSlotIsOffered() {
        var late = entry("a", "late", 30, Optional.empty());
        var early = entry("b", "early", 10, Optional.empty());
        assertThat(Waitlist.nextFor(TEN, List.of(late, early), Set.of(), NOW)).contains(early);
    }

    @Test
    void equalJoinTimesAreOrderedById() {
        var second = entry("b", "p2", 10, Optional.empty());
        var first = entry("a", "p1", 10, Optional.empty());
        assertThat(Waitlist.nextFor(TEN, List.of(second, first), Set.of(), NOW)).contains(first);
    }

    @Test
    void aWaiterWhoseWindowExcludesTheSlotIsPassedOver() {
        var afternoon = entry("a", "p1", 1, Optional.of(new TimeRange(LocalTime.parse("14:00"), LocalTime.parse("18:00"))));
        var morning = entry("b", "p2", 2, Optional.of(new TimeRange(LocalTime.parse("09:00"), LocalTime.parse("10:30"))));
        assertThat(afternoon.wants(TEN)).isFalse();
        assertThat(morning.wants(TEN)).isTrue();
        assertThat(morning.wants(slot(4, "10:30", "11:00"))).isFalse();
        assertThat(Waitlist.nextFor(TEN, List.of(afternoon, morning), Set.of(), NOW)).contains(morning);
    }

    @Test
    void aWaiterBusyAtThatHalfHourOrAlreadyHoldingALiveOfferIsPassedOver() {
        var busy = entry("a", "busy", 1, Optional.empty());
        var holding = entry("b", "holding", 2, Optional.empty()).offered(new Offer(7, NOW.plusSeconds(60)));
        var expiredHolder = entry("c", "expired", 3, Optional.empty()).offered(new Offer(7, NOW));
        assertThat(Waitlist.nextFor(TEN, List.of(busy, holding, expiredHolder), Set.of("busy"), NOW)).contains(expiredHolder);
    }

    @Test
    void nobodyWantingTheSlotLeavesItOpenToEveryone() {
        assertThat(Waitlist.nextFor(TEN, List.of(), Set.of(), NOW)).isEmpty();
        var busy = entry("a", "busy", 1, Optional.empty());
        assertThat(Waitlist.nextFor(TEN, List.of(busy), Set.of("busy"), NOW)).isEmpty();
    }

    @Test
    void anOfferIsHeldForItsTimeButNeverPastTheSlotsStart() {
        Instant farStart = NOW.plus(Duration.ofHours(3));
        assertThat(Offer.deadline(NOW, Duration.ofMinutes(15), farStart)).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        Instant soonStart = NOW.plus(Duration.ofMinutes(5));
        assertThat(Offer.deadline(NOW, Duration.ofMinutes(15), soonStart)).isEqualTo(soonStart);
    }

    @Test
    void anOfferIsLiveStrictlyBeforeItsDeadline() {
        var offer = new Offer(3, NOW.plusSeconds(1));
        assertThat(offer.isLive(NOW)).isTrue();
        assertThat(offer.isLive(NOW.plusSeconds(1))).isFalse();
        assertThat(offer.isLive(NOW.plusSeconds(2))).isFalse();
    }

    @Test
    void joiningForAPastDateIsInvalid() {
        assertThatThrownBy(() -> Waitlist.checkJoin(TOMORROW.minusDays(2), "doc", clock, List.of(), false, 5))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields()).containsKey("date"));
    }

    @Test
    void joiningTwiceForTheSameDoctorAndDateAlreadyExists() {
        var own = List.of(entry("a", "p", 1, Optional.empty()));
        assertThatThrownBy(() -> Waitlist.checkJoin(TOMORROW, "doc", clock, own, false, 5))
                .isInstanceOfSatisfying(Problem.Conflict.class, p -> assertThat(p.code()).isEqualTo("ALREADY_EXISTS"));
        Waitlist.checkJoin(TOMORROW.plusDays(1), "doc", clock, own, false, 5);
        Waitlist.checkJoin(TOMORROW, "other-doc", clock, own, false, 5);
    }

    @Test
    void holdingABookingWithThatDoctorThatDayIsAlreadyBooked() {
        assertThatThrownBy(() -> Waitlist.checkJoin(TOMORROW, "doc", clock, List.of(), true, 5))
                .isInstanceOfSatisfying(Problem.Conflict.class, p -> assertThat(p.code()).isEqualTo("ALREADY_BOOKED"));
    }

    @Test
    void theCapCountsOnlyEntriesForTodayOrLater() {
        var pastEntry = new WaitlistEntry("old", new UserRef("p", "p", "p"), new UserRef("d0", "d0", "d0"),
                TOMORROW.minusDays(3), Optional.empty(), NOW.minusSeconds(1_000_000), Optional.empty());
        var current = new WaitlistEntry("cur", new UserRef("p", "p", "p"), new UserRef("d1", "d1", "d1"),
                TOMORROW, Optional.empty(), NOW, Optional.empty());
        Waitlist.checkJoin(TOMORROW, "doc", clock, List.of(pastEntry, current), false, 2);
        assertThatThrownBy(() -> Waitlist.checkJoin(TOMORROW, "doc", clock, List.of(pastEntry, current), false, 1))
                .isInstanceOfSatisfying(Problem.Conflict.class, p -> assertThat(p.code()).isEqualTo("WAITLIST_LIMIT"));
    }

    @Test
    void aSeatIsFreeWhenNeverTakenOrItsEntryNoLongerCounts() {
        var pastEntry = new WaitlistEntry("old", new UserRef("p", "p", "p"), DOCTOR, TOMORROW.minusDays(3), Optional.empty(),
                NOW.minusSeconds(1_000_000), Optional.empty());
        var current = new WaitlistEntry("cur", new UserRef("p", "p", "p"), DOCTOR, TOMORROW, Optional.empty(), NOW, Optional.empty());
        // seat 1: a current entry; 2: a past one; 3: an entry since gone (no claim read); 4: never taken
        var seats = java.util.Map.of(1, "cur", 2, "old", 3, "gone");
        assertThat(Waitlist.freeSeats(seats, List.of(pastEntry, current), clock, 4)).containsExactly(
                new Waitlist.Seat(2, Optional.of("old")), new Waitlist.Seat(3, Optional.of("gone")), new Waitlist.Seat(4, Optional.empty()));
        assertThat(Waitlist.freeSeats(java.util.Map.of(1, "cur"), List.of(current), clock, 1)).as("the cap reached").isEmpty();
    }
}
