package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpcomingBookingsTest {
    private final ClinicClock clock = new ClinicClock(Clock.fixed(Instant.parse("2030-01-15T10:00:00Z"), ZoneOffset.UTC), ZoneId.of("UTC"));

    @Test
    void onlyBookingsThatHaveNotStartedCountAndTheOthersAreNamedForDropping() {
        var bookings = new UpcomingBookings(Map.of(
                "past", LocalDateTime.parse("2030-01-14T15:00"),
                "started-now", LocalDateTime.parse("2030-01-15T10:00"),
                "later-today", LocalDateTime.parse("2030-01-15T10:30"),
                "tomorrow", LocalDateTime.parse("2030-01-16T09:00")));
        assertThat(bookings.upcoming(clock)).isEqualTo(2);
        assertThat(bookings.started(clock)).containsExactly("past", "started-now");
        assertThat(bookings.full(clock, 2)).isTrue();
        assertThat(bookings.full(clock, 3)).isFalse();
        assertThat(UpcomingBookings.NONE.full(clock, 1)).isFalse();
    }

    @Test
    void theNoShowLimitCountsNoShowsWhoseStartIsWithinTheLastNinetyDaysAndBindsOnlyAPatientsOwnBooking() {
        var patient = new UpcomingBookings(Map.of(), Map.of(
                "edge", LocalDateTime.parse("2029-10-17T10:00"),     // exactly 90 days before now: counted
                "older", LocalDateTime.parse("2029-10-17T09:59"),    // a minute older: not
                "recent", LocalDateTime.parse("2030-01-10T09:00")));
        assertThat(patient.noShowsSince(LocalDateTime.parse("2029-10-17T10:00"))).isEqualTo(2);
        assertThat(new BookingPolicy.NoShowLimit(2).check(patient, clock)).hasValueSatisfying(c ->
                assertThat(c.code()).isEqualTo("NO_SHOW_LIMIT"));
        assertThat(new BookingPolicy.NoShowLimit(3).check(patient, clock)).isEmpty();
        assertThat(BookingPolicy.NoShowLimit.NONE.check(patient, clock)).isEmpty();

        Caller self = new Caller("p", "pat", java.util.Set.of(Role.PATIENT));
        assertThat(BookingPolicy.boundByNoShowLimit(self, "p")).isTrue();
        assertThat(BookingPolicy.boundByNoShowLimit(new Caller("a", "adm", java.util.Set.of(Role.ADMIN)), "p")).isFalse();
        assertThat(BookingPolicy.boundByNoShowLimit(self, "someone-else")).isFalse();
    }
}
