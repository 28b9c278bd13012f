package clinic.support;

import clinic.http.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every log line the functions write in this test JVM, kept instead of printed, and each one
 * checked as it is written for what must never be logged: a token (a JWT's {@code eyJ} header),
 * the tests' password, an email address, a request body's JSON. Each end-to-end class asserts at
 * its end that nothing leaked, so the check covers the whole suite, in any order.
 */
public final class LogCapture {
    /** A JWT, the password, an email address, or a sign-up or booking body's field names, quoted or escaped. */
    private static final Pattern LEAK = Pattern.compile(String.join("|",
            "eyJ[A-Za-z0-9_-]{8,}", Pattern.quote(Users.PASSWORD), "[A-Za-z0-9._-]+@[A-Za-z0-9-]+\\.[a-z]{2,}",
            "\\\\?\"(password|user|email|time_slot|refresh|token)\\\\?\"\\s*:"));
    private static final int KEPT = 200_000;
    private static final List<String> LINES = new ArrayList<>();
    private static final List<String> LEAKS = new ArrayList<>();
    private static boolean installed;

    private LogCapture() {}

    /** From now on, lines are kept here; idempotent. */
    public static synchronized void install() {
        if (!installed) {
            Telemetry.sink(LogCapture::accept);
            installed = true;
        }
    }

    private static synchronized void accept(String line) {
        if (LINES.size() < KEPT) {
            LINES.add(line);
        }
        if (LEAK.matcher(line).find()) {
            LEAKS.add(line);
        }
    }

    /** How many lines so far: a mark to read from with {@link #since(int)}. */
    public static synchronized int mark() {
        return LINES.size();
    }

    public static synchronized List<String> since(int mark) {
        return new ArrayList<>(LINES.subList(Math.min(mark, LINES.size()), LINES.size()));
    }

    /** Lines that held a token, the password, an email or a body. */
    public static synchronized List<String> leaks() {
        return new ArrayList<>(LEAKS);
    }
}
