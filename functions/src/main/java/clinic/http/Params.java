package clinic.http;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.DateTimeException;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict parsing of the scalar formats the API uses, for bodies and query strings alike. */
public final class Params {
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2})?");
    private static final Pattern ID = Pattern.compile("\\d{1,7}");
    private static final int MAX_ID = 1_000_000;

    /**
     * The last date YYYY-MM-DD names. Keys hold dates as text, so a computed end of a window past it
     * ({@code +10000-01-01}) would sort before the dates it should follow: windows end here instead.
     */
    public static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);

    private Params() {}

    /** The last day of a window of {@code days} days from {@code from}, or {@link #LAST_DATE} if that comes first. */
    public static LocalDate windowEnd(LocalDate from, int days) {
        LocalDate end = from.plusDays(days - 1);
        return end.isAfter(LAST_DATE) ? LAST_DATE : end;
    }

    /** YYYY-MM-DD, strictly: 2030-02-30 is refused, not rounded. */
    public static LocalDate date(String text) {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw new DateTimeParseException(e.getMessage(), text, 0);
        }
    }

    /** HH:MM:SS or HH:MM. */
    public static LocalTime time(String text) {
        if (!TIME.matcher(text).matches()) {
            throw new DateTimeParseException("not HH:MM:SS", text, 0);
        }
        return LocalTime.parse(text);
    }

    public static Integer positiveInt(String text) {
        if (text == null || !ID.matcher(text).matches()) {
            return null;
        }
        int value = Integer.parseInt(text);
        return value >= 1 && value <= MAX_ID ? value : null;
    }

    /** A JSON integer's value (1.0 and 1.5 are not ids, so only integers come here). */
    public static Integer positiveInt(long value) {
        return value >= 1 && value <= MAX_ID ? (int) value : null;
    }
}
