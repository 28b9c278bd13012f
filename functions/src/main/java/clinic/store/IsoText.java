package clinic.store;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Reads the ISO texts the store writes (LocalDate, LocalTime, LocalDateTime and Instant's own
 * toString) by their fixed positions: java.time's parsers resolve every text through a general
 * DateTimeFormatter, the largest share of our own time in a warm read of a page of appointments
 * (docs/performance.md). Any text not in that exact form goes to java.time's parser, so what is
 * read, and what is refused, is the same (IsoTextTest holds the two together).
 */
final class IsoText {
    private IsoText() {}

    static LocalDate date(String text) {
        LocalDate fast = text.length() == 10 ? fastDate(text) : null;
        return fast != null ? fast : LocalDate.parse(text);
    }

    static LocalTime time(String text) {
        LocalTime fast = fastTime(text, 0, text.length());
        return fast != null ? fast : LocalTime.parse(text);
    }

    static LocalDateTime dateTime(String text) {
        if (text.length() > 11 && text.charAt(10) == 'T') {
            LocalDate date = fastDate(text);
            LocalTime time = fastTime(text, 11, text.length());
            if (date != null && time != null) {
                return LocalDateTime.of(date, time);
            }
        }
        return LocalDateTime.parse(text); // java.time's parser names the whole text
    }

    static Instant instant(String text) {
        int end = text.length() - 1;
        // Instant.parse needs the seconds: HH:MM:SS at least
        if (end >= 19 && text.charAt(end) == 'Z' && text.charAt(10) == 'T') {
            LocalDate date = fastDate(text);
            LocalTime time = fastTime(text, 11, end);
            if (date != null && time != null) {
                return LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC);
            }
        }
        return Instant.parse(text);
    }

    /** YYYY-MM-DD in text[0, 10) (at least 10 long); null for anything else, a date that does not exist included. */
    private static LocalDate fastDate(String text) {
        if (text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        try {
            return LocalDate.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** HH:MM, HH:MM:SS or HH:MM:SS.fraction (1 to 9 digits) in text[from, to); null for anything else. */
    private static LocalTime fastTime(String text, int from, int to) {
        int length = to - from;
        if (length != 5 && length != 8 && (length < 10 || length > 18) || text.charAt(from + 2) != ':') {
            return null;
        }
        try {
            int hour = digits(text, from, 2);
            int minute = digits(text, from + 3, 2);
            if (length == 5) {
                return LocalTime.of(hour, minute);
            }
            if (text.charAt(from + 5) != ':') {
                return null;
            }
            int second = digits(text, from + 6, 2);
            int nano = 0;
            if (length > 8) {
                if (text.charAt(from + 8) != '.') {
                    return null;
                }
                int fraction = length - 9;
                nano = digits(text, from + 9, fraction);
                for (int i = fraction; i < 9; i++) {
                    nano *= 10;
                }
            }
            return LocalTime.of(hour, minute, second, nano);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** Exactly {@code count} ASCII digits at {@code from}; NumberFormatException for anything else (a sign, say). */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
