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

    /**
     * That wall-clock time on that date, with the clinic's offset then. A time that exists twice (a
     * daylight-saving overlap) is its earlier instant; one that does not exist (a gap) is moved on by
     * the gap's length, as {@link java.time.LocalDateTime#atZone} does. Every instant the service
     * derives from a date and a slot (events, ICS, reminders, offer deadlines) is this one; the
     * weekly pattern declares no slot whose start is in a gap ({@link #exists}).
     */
    public OffsetDateTime at(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(zone).toOffsetDateTime();
    }

    /** Whether that wall-clock time happens on that date in {@code zone}: false in a daylight-saving gap. */
    public static boolean exists(LocalDate date, LocalTime time, ZoneId zone) {
        return !zone.getRules().getValidOffsets(date.atTime(time)).isEmpty();
    }

    /** Whether a slot on that date starting at that time has already begun. */
    public boolean hasStarted(LocalDate date, LocalTime start) {
        return !at(date, start).toInstant().isAfter(now());
    }
}
