package clinic.http;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Strict parsing of the scalar formats the API uses, for bodies and query strings alike. */
public final class Params {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int MAX_ID = 1_000_000;

    private Params() {}

    public static LocalDate date(String text) {
        if (text.length() != 10) {
            throw new DateTimeParseException("bad length", text, 0);
        }
        return LocalDate.parse(text, DATE);
    }

    /** HH:MM:SS or HH:MM. */
    public static LocalTime time(String text) {
        if (!text.matches("\\d{2}:\\d{2}(:\\d{2})?")) {
            throw new DateTimeParseException("not HH:MM:SS", text, 0);
        }
        return LocalTime.parse(text);
    }

    public static Integer positiveInt(String text) {
        if (text == null || !text.matches("\\d{1,7}")) {
            return null;
        }
        int value = Integer.parseInt(text);
        return value >= 1 && value <= MAX_ID ? value : null;
    }

    /** Only JSON integers: 1.0 and 1.5 are not ids. */
    public static Integer positiveInt(Number number) {
        boolean integral = number instanceof Integer || number instanceof Long;
        long value = number.longValue();
        return integral && value >= 1 && value <= MAX_ID ? (int) value : null;
    }
}
