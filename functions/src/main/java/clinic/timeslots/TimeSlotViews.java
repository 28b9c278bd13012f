package clinic.timeslots;

import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.http.Fields;
import clinic.http.Request;
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

    /** HH:MM:SS, as Django writes a TimeField. */
    public static String time(java.time.LocalTime time) {
        return String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
    }

    static TimeRange read(Request request) {
        Fields body = Fields.of(request.json());
        var start = body.time("start_time");
        var end = body.time("end_time");
        body.check();
        return new TimeRange(start, end);
    }
}
