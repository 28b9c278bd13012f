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

    /** HH:MM:SS, as Django writes a TimeField (LocalTime.toString leaves out zero seconds). */
    public static String time(java.time.LocalTime time) {
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
