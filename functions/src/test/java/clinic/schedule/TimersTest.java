package clinic.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Scheduler fires a one-time schedule anywhere within its minute, so a timer is set for the first
 * whole minute at or after its instant, and never within the next minute (issue 18, defect 4).
 */
class TimersTest {
    private static final Instant NOW = Instant.parse("2030-01-01T08:00:10Z");

    @Test
    void anInstantOnAWholeMinuteStaysThere() {
        assertThat(Timers.earliest(Instant.parse("2030-01-01T09:15:00Z"), NOW)).isEqualTo(Instant.parse("2030-01-01T09:15:00Z"));
    }

    @Test
    void anInstantWithinAMinuteIsMovedToTheNextWholeMinuteEvenByAMillisecond() {
        assertThat(Timers.earliest(Instant.parse("2030-01-01T09:15:00.001Z"), NOW)).isEqualTo(Instant.parse("2030-01-01T09:16:00Z"));
        assertThat(Timers.earliest(Instant.parse("2030-01-01T09:15:59Z"), NOW)).isEqualTo(Instant.parse("2030-01-01T09:16:00Z"));
    }

    @Test
    void anInstantPastOrWithinTheNextMinuteIsMovedToTheWholeMinuteAfterAMinuteFromNow() {
        assertThat(Timers.earliest(NOW.minusSeconds(3600), NOW)).isEqualTo(Instant.parse("2030-01-01T08:02:00Z"));
        assertThat(Timers.earliest(NOW.plusSeconds(30), NOW)).isEqualTo(Instant.parse("2030-01-01T08:02:00Z"));
    }
}
