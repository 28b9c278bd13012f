package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ClinicClockTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void datesAndTimesAreTheClinicsAndCarryItsOffset() {
        ClinicClock clock = new ClinicClock(Clock.fixed(Instant.parse("2030-07-01T23:30:00Z"), ZoneId.of("UTC")), LONDON);
        assertThat(clock.today()).isEqualTo(LocalDate.of(2030, 7, 2)); // already past midnight in London
        assertThat(clock.at(LocalDate.of(2030, 7, 2), LocalTime.of(9, 0)).toString()).isEqualTo("2030-07-02T09:00+01:00");
        assertThat(clock.at(LocalDate.of(2030, 12, 2), LocalTime.of(9, 0)).toString()).isEqualTo("2030-12-02T09:00Z");
    }

    @Test
    void aSlotHasStartedFromItsFirstInstant() {
        ClinicClock clock = new ClinicClock(Clock.fixed(Instant.parse("2030-07-02T08:00:00Z"), ZoneId.of("UTC")), LONDON);
        assertThat(clock.hasStarted(LocalDate.of(2030, 7, 2), LocalTime.of(9, 0))).isTrue();
        assertThat(clock.hasStarted(LocalDate.of(2030, 7, 2), LocalTime.of(9, 30))).isFalse();
    }
}
