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
                clock.at(date, slot.start()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                clock.at(date, slot.end()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** HH:MM:SS, as Django writes a TimeField (LocalTime.toString leaves out zero seconds). */
    public static String time(LocalTime time) {
        int seconds = time.getSecond();
        return time.withSecond(0).withNano(0) + (seconds < 10 ? ":0" : ":") + seconds;
    }
}
