package clinic.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A doctor's time off (issue 19): the dates from {@code from} to {@code to} (inclusive) the weekly
 * pattern does not fill and whose open slots are closed, and why.
 */
public record TimeOff(String id, LocalDate from, LocalDate to, String reason) {
    /**
     * At most 31 days (a month) at once: one request closes at most 31 dates of 24 slots, each close
     * a write of its own (744, well within a function's minute); a longer leave is several requests.
     */
    public static final int MAX_DAYS = 31;
    public static final int MAX_REASON = 500;

    /** Checks every field and names each problem under its field in one 400. */
    public static TimeOff of(String id, LocalDate from, LocalDate to, String reason, LocalDate today) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (from != null && from.isBefore(today)) {
            problems.put("from", "must not be in the past");
        }
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                problems.put("to", "must not be before from");
            } else if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                problems.put("to", "time off is at most " + MAX_DAYS + " days at once");
            }
        }
        if (reason != null && reason.length() > MAX_REASON) {
            problems.put("reason", "at most " + MAX_REASON + " characters");
        }
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        return new TimeOff(id, from, to, reason == null ? "" : reason);
    }

    public boolean covers(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }

    public boolean overlaps(TimeOff other) {
        return !other.to.isBefore(from) && !other.from.isAfter(to);
    }

    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }
}
