package clinic.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A doctor's working week from {@code effectiveFrom} to {@code until} (inclusive; empty: open-ended):
 * for each weekday the ranges worked, on the slot grid. A gap between two ranges is a break; a
 * weekday with no ranges is a day off. Constructing one through {@link #of} checks every field, so
 * one 400 names every problem.
 *
 * <p>The pattern names wall-clock half hours of the clinic's zone. On a date when a named time does
 * not exist (a daylight-saving gap) it yields nothing for it; when it exists twice (an overlap) it
 * yields it once, starting at the earlier instant, as {@link ClinicClock#at} does everywhere else
 * (docs/decisions.md, "A doctor's week").
 */
public record WeeklyPattern(LocalDate effectiveFrom, Optional<LocalDate> until, Map<DayOfWeek, List<TimeRange>> week) {

    /** One range as the client wrote it: {@code from} and {@code to} on the grid, either possibly missing. */
    public record Hours(LocalTime from, LocalTime to) {}

    public WeeklyPattern {
        until = until == null ? Optional.empty() : until;
        Map<DayOfWeek, List<TimeRange>> sorted = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, ranges) -> {
            if (!ranges.isEmpty()) {
                sorted.put(day, ranges.stream().sorted(Comparator.comparing(TimeRange::start)).toList());
            }
        });
        week = Collections.unmodifiableMap(sorted);
    }

    /**
     * A pattern from a request's fields, every problem named under its field ({@code week.monday[1].to}).
     * {@code week}'s keys are weekday names in lower case ({@code "monday"}); a weekday left out, or
     * given no ranges, is a day off.
     */
    public static WeeklyPattern of(LocalDate effectiveFrom, LocalDate until, Map<String, List<Hours>> week) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (effectiveFrom == null) {
            problems.put("effective_from", "is required");
        } else if (until != null && until.isBefore(effectiveFrom)) {
            problems.put("until", "must not be before effective_from");
        }
        Map<DayOfWeek, List<TimeRange>> days = new EnumMap<>(DayOfWeek.class);
        if (week == null) {
            problems.put("week", "is required");
        } else {
            week.forEach((name, hours) -> {
                Optional<DayOfWeek> day = weekday(name);
                String field = "week." + name;
                if (day.isEmpty()) {
                    problems.put(field, "unknown weekday (monday to sunday)");
                } else {
                    days.put(day.get(), ranges(field, hours == null ? List.of() : hours, problems));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        return new WeeklyPattern(effectiveFrom, Optional.ofNullable(until), days);
    }

    private static Optional<DayOfWeek> weekday(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    /** The day's ranges, each on the grid and within the clinic's day, none overlapping another. */
    private static List<TimeRange> ranges(String field, List<Hours> hours, Map<String, String> problems) {
        List<TimeRange> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            String at = field + "[" + i + "]";
            Hours h = hours.get(i);
            if (h == null) {
                problems.put(at, "must be an object {\"from\": \"HH:MM\", \"to\": \"HH:MM\"}");
                continue;
            }
            boolean fromOk = time(at + ".from", h.from(), problems);
            boolean toOk = time(at + ".to", h.to(), problems);
            if (!fromOk || !toOk) {
                continue;
            }
            if (!h.to().isAfter(h.from())) {
                problems.put(at + ".to", "must be after from");
                continue;
            }
            TimeRange range = new TimeRange(h.from(), h.to());
            for (int j = 0; j < ranges.size(); j++) {
                if (ranges.get(j).overlaps(range)) {
                    problems.put(at, "overlaps " + names.get(j));
                }
            }
            ranges.add(range);
            names.add(at);
        }
        return ranges;
    }

    private static boolean time(String field, LocalTime time, Map<String, String> problems) {
        if (time == null) {
            problems.put(field, "is required");
        } else if (!SlotGrid.isOnGrid(time)) {
            problems.put(field, "must be on the 30-minute grid (HH:00 or HH:30)");
        } else if (time.isBefore(SlotGrid.OPENS) || time.isAfter(SlotGrid.CLOSES)) {
            problems.put(field, "must be within " + SlotGrid.OPENS + "-" + SlotGrid.CLOSES);
        } else {
            return true;
        }
        return false;
    }

    /**
     * The pattern of {@code patterns} in force on {@code date}: the one that took effect last on or
     * before it (a later one replaces an earlier one from its first date), if its {@code until} has
     * not passed; none before the first or after the last one's {@code until}.
     */
    public static Optional<WeeklyPattern> inForce(Collection<WeeklyPattern> patterns, LocalDate date) {
        return patterns.stream().filter(p -> !p.effectiveFrom().isAfter(date))
                .max(Comparator.comparing(WeeklyPattern::effectiveFrom)).filter(p -> p.covers(date));
    }

    /** The patterns a doctor's week still follows from {@code today}: the one in force, and those to come, by first date. */
    public static List<WeeklyPattern> current(Collection<WeeklyPattern> patterns, LocalDate today) {
        Optional<WeeklyPattern> now = inForce(patterns, today);
        return patterns.stream().filter(p -> p.effectiveFrom().isAfter(today) || now.map(p::equals).orElse(false))
                .sorted(Comparator.comparing(WeeklyPattern::effectiveFrom)).toList();
    }

    /** Whether the pattern is in force on {@code date}. */
    public boolean covers(LocalDate date) {
        return !date.isBefore(effectiveFrom) && until.map(last -> !date.isAfter(last)).orElse(true);
    }

    /** The ranges worked on {@code date}, by start; none outside the pattern's dates or on a day off. */
    public List<TimeRange> hoursOn(LocalDate date) {
        return covers(date) ? week.getOrDefault(date.getDayOfWeek(), List.of()) : List.of();
    }

    /** Whether the pattern names the whole of {@code slot} on {@code date}: it lies within one of that day's ranges. */
    public boolean names(LocalDate date, TimeRange slot) {
        return hoursOn(date).stream().anyMatch(r -> !slot.start().isBefore(r.start()) && !slot.end().isAfter(r.end()));
    }

    /**
     * The time slots of {@code catalog} that the pattern fills on {@code date} in {@code zone}, by
     * start: those it names whose start exists on that date (a start in a daylight-saving gap does
     * not; one in an overlap is one slot, at its earlier instant).
     */
    public List<TimeSlot> slotsOn(LocalDate date, Collection<TimeSlot> catalog, ZoneId zone) {
        return catalog.stream()
                .filter(slot -> names(date, slot.range()) && ClinicClock.exists(date, slot.start(), zone))
                .sorted(Comparator.comparing(TimeSlot::start))
                .toList();
    }

    /** The pattern as the API writes it: weekday names in lower case, ranges as {@code from}/{@code to}. */
    public Map<String, List<Map<String, String>>> weekView() {
        Map<String, List<Map<String, String>>> view = new LinkedHashMap<>();
        week.forEach((day, ranges) -> view.put(day.name().toLowerCase(Locale.ROOT),
                ranges.stream().map(r -> Map.of("from", r.start().toString(), "to", r.end().toString())).toList()));
        return view;
    }
}
