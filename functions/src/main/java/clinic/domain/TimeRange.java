package clinic.domain;

import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** A start and end on the clinic's grid. Constructing one validates it. */
public record TimeRange(LocalTime start, LocalTime end) {

    public TimeRange {
        Map<String, String> problems = new LinkedHashMap<>();
        check(start, "start_time", problems);
        check(end, "end_time", problems);
        if (problems.isEmpty() && !end.isAfter(start)) {
            problems.put("end_time", "must be after start_time");
        }
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
    }

    private static void check(LocalTime time, String field, Map<String, String> problems) {
        if (time == null) {
            problems.put(field, "is required");
        } else if (!SlotGrid.isOnGrid(time)) {
            problems.put(field, "must be on the 30-minute grid (HH:00:00 or HH:30:00)");
        } else if (time.isBefore(SlotGrid.OPENS) || time.isAfter(SlotGrid.CLOSES)) {
            problems.put(field, "must be within 09:00-21:00");
        }
    }

    public boolean overlaps(TimeRange other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }
}
