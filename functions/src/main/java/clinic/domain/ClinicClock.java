package clinic.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** "Now" and "today" in the clinic's time zone, which is where dates and times are written. */
public record ClinicClock(Clock clock, ZoneId zone) {

    public static ClinicClock system(ZoneId zone) {
        return new ClinicClock(Clock.system(zone), zone);
    }

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    public OffsetDateTime at(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(zone).toOffsetDateTime();
    }

    /** Whether a slot on that date starting at that time has already begun. */
    public boolean hasStarted(LocalDate date, LocalTime start) {
        return !at(date, start).toInstant().isAfter(now());
    }
}
