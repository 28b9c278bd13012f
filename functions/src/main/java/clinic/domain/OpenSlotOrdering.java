package clinic.domain;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ordering} parameter of the open-slot list, written as Django REST framework's
 * OrderingFilter reads it (a comma list of field names, each optionally prefixed by '-'), but
 * limited to the orderings an index serves a page at a time: the index of open slots is sorted
 * by date, start time, doctor name and doctor id, and is walked forwards or backwards. Any other
 * ordering would mean reading the whole window to sort it, so it is refused with a 400 that
 * names the ones that exist. A new ordering is one more line in {@link #SERVED} (and, if no
 * index sorts that way yet, the index).
 */
public record OpenSlotOrdering(String name, boolean descending) {
    public static final String DEFAULT = "date,start_time,doctor_name";
    public static final List<String> FIELDS = List.of("date", "start_time", "doctor_name");
    /** Doctor names sort by their first this many characters, lower-cased; the doctor's id breaks ties. */
    public static final int NAME_KEY_LENGTH = 32;

    private static final Map<String, OpenSlotOrdering> SERVED = new LinkedHashMap<>();

    static {
        serve(DEFAULT, false);
        serve("date,start_time", false);
        serve("date", false);
        serve("-date,-start_time,-doctor_name", true);
        serve("-date,-start_time", true);
        serve("-date", true);
    }

    private static void serve(String name, boolean descending) {
        SERVED.put(name, new OpenSlotOrdering(name, descending));
    }

    /** Every accepted ordering, the default first. */
    public static List<String> names() {
        return List.copyOf(SERVED.keySet());
    }

    public static OpenSlotOrdering parse(String ordering) {
        if (ordering == null || ordering.isBlank()) {
            return SERVED.get(DEFAULT);
        }
        StringBuilder normal = new StringBuilder();
        for (String raw : ordering.split(",", -1)) {
            String term = raw.strip();
            String field = term.startsWith("-") ? term.substring(1) : term;
            if (!FIELDS.contains(field)) {
                throw new Problem.Invalid("ordering", "unknown field '" + field + "'; fields are " + String.join(", ", FIELDS)
                        + "; orderings are " + String.join(" | ", names()));
            }
            normal.append(normal.isEmpty() ? "" : ",").append(term);
        }
        OpenSlotOrdering served = SERVED.get(normal.toString());
        if (served == null) {
            throw new Problem.Invalid("ordering", "'" + normal + "' cannot be served a page at a time; orderings are "
                    + String.join(" | ", names()));
        }
        return served;
    }

    /** The order this ordering lists slots in: the index's, forwards or backwards. */
    public Comparator<Availability> comparator() {
        Comparator<Availability> index = Comparator.comparing(Availability::date)
                .thenComparing(a -> a.slot().start())
                .thenComparing(a -> nameKey(a.doctor().name()))
                .thenComparing(a -> a.doctor().id());
        return descending ? index.reversed() : index;
    }

    /**
     * How a doctor's name sorts: lower-cased, control characters as spaces, cut or padded with
     * spaces to {@link #NAME_KEY_LENGTH} characters. Fixed width, so that comparing whole index
     * keys ({@code name key#id}) compares the names first, as "Amy" before "Amy Young".
     */
    public static String nameKey(String name) {
        StringBuilder key = new StringBuilder();
        name.toLowerCase(Locale.ROOT).codePoints().limit(NAME_KEY_LENGTH)
                .forEach(c -> key.appendCodePoint(c < ' ' ? ' ' : c));
        int codePoints = key.codePointCount(0, key.length());
        return key.append(" ".repeat(NAME_KEY_LENGTH - codePoints)).toString();
    }
}
