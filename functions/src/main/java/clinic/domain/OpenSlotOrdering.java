package clinic.domain;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ordering} parameter of the open-slot list, as Django REST framework's OrderingFilter
 * reads it: a comma list of field names, each optionally prefixed by '-' for descending.
 * A new ordering is one more line in {@link #FIELDS}.
 */
public final class OpenSlotOrdering {
    public static final String DEFAULT = "date,start_time,doctor_name";

    private static final Map<String, Comparator<Availability>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("date", Comparator.comparing(Availability::date));
        FIELDS.put("start_time", Comparator.comparing(a -> a.slot().start()));
        FIELDS.put("doctor_name", Comparator.comparing(a -> a.doctor().name().toLowerCase(Locale.ROOT)));
    }

    /** Keeps equal keys in a fixed order, so pages never shuffle between requests. */
    private static final Comparator<Availability> TIE_BREAK = Comparator.comparing(Availability::date)
            .thenComparing(a -> a.slot().start())
            .thenComparing(a -> a.doctor().id());

    private OpenSlotOrdering() {}

    public static Comparator<Availability> parse(String ordering) {
        String spec = ordering == null || ordering.isBlank() ? DEFAULT : ordering;
        Comparator<Availability> result = null;
        for (String raw : spec.split(",", -1)) {
            String term = raw.strip();
            boolean descending = term.startsWith("-");
            String field = descending ? term.substring(1) : term;
            Comparator<Availability> comparator = FIELDS.get(field);
            if (comparator == null) {
                throw new Problem.Invalid("ordering", "unknown field '" + field + "'; use " + String.join(", ", FIELDS.keySet()));
            }
            comparator = descending ? comparator.reversed() : comparator;
            result = result == null ? comparator : result.thenComparing(comparator);
        }
        return result.thenComparing(TIE_BREAK);
    }
}
