package clinic.timeslots;

import clinic.domain.ClinicClock;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.http.Fields;
import clinic.http.Request;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Time slots in and out of JSON: {@code {id, start_time, end_time}}. */
public final class TimeSlotViews {
    private TimeSlotViews() {}

    public static Map<String, Object> view(TimeSlot slot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", slot.id());
        json.put("start_time", time(slot.start()));
        json.put("end_time", time(slot.end()));
        return json;
    }

    /**
     * The calendar fields every object on a date carries: date, time_slot, start_time, end_time, and
     * start and end as date-times with the clinic's offset, for mobile clients.
     */
    public static void putOnCalendar(Map<String, Object> json, LocalDate date, TimeSlot slot, ClinicClock clock) {
        json.put("date", date.toString());
        json.put("time_slot", slot.id());
        json.put("start_time", time(slot.start()));
        json.put("end_time", time(slot.end()));
        json.put("start", clock.at(date, slot.start()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        json.put("end", clock.at(date, slot.end()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
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
