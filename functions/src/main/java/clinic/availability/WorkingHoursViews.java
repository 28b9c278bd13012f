package clinic.availability;

import clinic.domain.Availability;
import clinic.domain.ClinicClock;
import clinic.domain.Problem;
import clinic.domain.WeeklyPattern;
import clinic.http.Fields;
import clinic.http.Params;
import clinic.http.Priming;
import clinic.views.OnCalendar;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Working hours in and out of JSON. */
final class WorkingHoursViews {
    private WorkingHoursViews() {}

    /** A pattern on the wire: {@code effective_from}, {@code until} (null: open-ended), {@code week}. */
    record PatternView(String effectiveFrom, String until, Map<String, List<Map<String, String>>> week) {}

    /** A booked appointment in hours the pattern no longer names. */
    record ConflictView(String appointment, @JsonUnwrapped OnCalendar calendar) {}

    /** The answer to a PUT: the pattern as set, and its conflicts. */
    record ChangedView(@JsonUnwrapped PatternView pattern, List<ConflictView> conflicts) {}

    record PatternsView(List<PatternView> patterns) {}

    static PatternView view(WeeklyPattern p) {
        return new PatternView(p.effectiveFrom().toString(), p.until().map(LocalDate::toString).orElse(null), p.weekView());
    }

    static ChangedView view(WorkingHoursService.Changed changed, ClinicClock clock) {
        return new ChangedView(view(changed.pattern()), changed.conflicts().stream().map(a -> conflict(a, clock)).toList());
    }

    static PatternsView view(List<WeeklyPattern> patterns) {
        return new PatternsView(patterns.stream().map(WorkingHoursViews::view).toList());
    }

    /** A pattern's views, as set (with a booked conflict) and as listed, from samples nothing stores: what priming writes. */
    static List<Object> primingViews(ClinicClock clock) {
        WeeklyPattern sample = WeeklyPattern.of(clock.today(), null,
                Map.of("monday", List.of(new WeeklyPattern.Hours(LocalTime.of(9, 0), LocalTime.of(12, 30)))));
        Availability booked = new Availability(Priming.ABSENT_ID, Priming.NOBODY, clock.today(), Priming.FIRST_SLOT,
                Availability.Status.BOOKED, Priming.ABSENT_ID);
        return List.of(view(new WorkingHoursService.Changed(sample, List.of(booked)), clock), view(List.of(sample)));
    }

    private static ConflictView conflict(Availability a, ClinicClock clock) {
        return new ConflictView(a.appointmentId(), OnCalendar.of(a.date(), a.slot(), clock));
    }

    /**
     * {@code {"effective_from", "until"?, "week": {"monday": [{"from": "09:00", "to": "12:30"}, ...], ...}}}:
     * the shapes are checked here, the rules by {@link WeeklyPattern#of}; each names every problem it finds.
     */
    static WeeklyPattern pattern(JsonNode json) {
        Fields body = Fields.of(json);
        LocalDate from = body.date("effective_from");
        LocalDate until = body.has("until") ? body.date("until") : null;
        Map<String, String> problems = new LinkedHashMap<>();
        try {
            body.check();
        } catch (Problem.Invalid invalid) {
            problems.putAll(invalid.fields());
        }
        JsonNode week = json.get("week");
        Map<String, List<WeeklyPattern.Hours>> days = null;
        if (week != null && !week.isNull()) {
            if (!week.isObject()) {
                problems.put("week", "must be an object of weekdays");
            } else {
                days = new LinkedHashMap<>();
                for (var day : (Iterable<Map.Entry<String, JsonNode>>) week::fields) {
                    days.put(day.getKey(), hours("week." + day.getKey(), day.getValue(), problems));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        return WeeklyPattern.of(from, until, days);
    }

    private static List<WeeklyPattern.Hours> hours(String field, JsonNode ranges, Map<String, String> problems) {
        List<WeeklyPattern.Hours> hours = new ArrayList<>();
        if (ranges == null || ranges.isNull()) {
            return hours;
        }
        if (!ranges.isArray()) {
            problems.put(field, "must be an array of {\"from\": \"HH:MM\", \"to\": \"HH:MM\"}");
            return hours;
        }
        for (int i = 0; i < ranges.size(); i++) {
            JsonNode range = ranges.get(i);
            String at = field + "[" + i + "]";
            if (!range.isObject()) {
                problems.put(at, "must be an object {\"from\": \"HH:MM\", \"to\": \"HH:MM\"}");
                continue;
            }
            hours.add(new WeeklyPattern.Hours(time(at + ".from", range.get("from"), problems), time(at + ".to", range.get("to"), problems)));
        }
        return hours;
    }

    /** A time {@code HH:MM} (or {@code HH:MM:SS}); absent is left to the pattern's rules ("is required"). */
    private static LocalTime time(String field, JsonNode value, Map<String, String> problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.put(field, "must be a time HH:MM");
            return null;
        }
        try {
            return Params.time(value.textValue());
        } catch (DateTimeParseException e) {
            problems.put(field, "must be a time HH:MM");
            return null;
        }
    }
}
