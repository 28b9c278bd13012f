package clinic.timeslots;

import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.http.Fields;
import clinic.http.Request;
import clinic.views.OnCalendar;

/** Time slots in and out of JSON: {@code {id, start_time, end_time}}. */
public final class TimeSlotViews {
    private TimeSlotViews() {}

    /** A time slot on the wire. Components are snake_cased by the mapper: {@code start_time}. */
    public record TimeSlotView(int id, String startTime, String endTime) {}

    public static TimeSlotView view(TimeSlot slot) {
        return new TimeSlotView(slot.id(), OnCalendar.time(slot.start()), OnCalendar.time(slot.end()));
    }

    static TimeRange read(Request request) {
        Fields body = Fields.of(request.json());
        var start = body.time("start_time");
        var end = body.time("end_time");
        body.check();
        return new TimeRange(start, end);
    }
}
