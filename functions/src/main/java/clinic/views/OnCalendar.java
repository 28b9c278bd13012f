package clinic.views;

import clinic.domain.ClinicClock;
import clinic.domain.TimeSlot;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The calendar fields every object on a date carries: date, time_slot, start_time, end_time, and
 * start and end as date-times with the clinic's offset, for mobile clients. Views embed it with
 * {@code @JsonUnwrapped}, so its fields sit beside theirs (an appointment's view lists them
 * instead, for the booking's cold start: AppointmentViews says why).
 */
public record OnCalendar(String date, int timeSlot, String startTime, String endTime, String start, String end) {
    public static OnCalendar of(LocalDate date, TimeSlot slot, ClinicClock clock) {
        return new OnCalendar(date.toString(), slot.id(), time(slot.start()), time(slot.end()),
                dateTime(clock.at(date, slot.start())), dateTime(clock.at(date, slot.end())));
    }

    /**
     * ISO_OFFSET_DATE_TIME's text (seconds always, a fraction only when there is one, Z for UTC),
     * built directly: the formatter was most of a warm list's own time (OnCalendarTest holds the two equal).
     */
    static String dateTime(java.time.OffsetDateTime at) {
        if (at.getNano() != 0 || at.getYear() < 0 || at.getYear() > 9999) {
            return at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        return at.toLocalDate() + "T" + time(at.toLocalTime()) + at.getOffset().getId();
    }

    /** HH:MM:SS, as Django writes a TimeField (LocalTime.toString leaves out zero seconds). */
    public static String time(LocalTime time) {
        int seconds = time.getSecond();
        return time.withSecond(0).withNano(0) + (seconds < 10 ? ":0" : ":") + seconds;
    }
}
