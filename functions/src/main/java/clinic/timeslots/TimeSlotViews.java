package clinic.timeslots;

import clinic.domain.ClinicClock;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.http.Fields;
import clinic.http.Request;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Time slots in and out of JSON: {@code {id, start_time, end_time}}. */
public final class TimeSlotViews {
    private TimeSlotViews() {}

    /** A time slot on the wire. Components are snake_cased by the mapper: {@code start_time}. */
    public record TimeSlotView(int id, String startTime, String endTime) {}

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
    }

    public static TimeSlotView view(TimeSlot slot) {
        return new TimeSlotView(slot.id(), time(slot.start()), time(slot.end()));
    }

    /** HH:MM:SS, as Django writes a TimeField (LocalTime.toString leaves out zero seconds). */
    public static String time(LocalTime time) {
        int seconds = time.getSecond();
        return time.withSecond(0).withNano(0) + (seconds < 10 ? ":0" : ":") + seconds;
    }

    static TimeRange read(Request request) {
        Fields body = Fields.of(request.json());
        var start = body.time("start_time");
        var end = body.time("end_time");
        body.check();
        return new TimeRange(start, end);
    }
}
