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
}
