package clinic.domain;

import java.util.regex.Pattern;

/**
 * The shape of every id the service issues: users are Cognito {@code sub}s, availabilities and
 * appointments random UUIDs, all in the canonical lower-case form. An id of any other shape names
 * nothing, so it is refused before any read, and nothing a client sends reaches a key of the
 * table unbounded (DynamoDB refuses partition keys over 2,048 bytes and sort keys over 1,024).
 */
public final class Ids {
    private static final Pattern OPAQUE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Ids() {}

    /** Whether {@code id} could be one this service issued. */
    public static boolean isOpaque(String id) {
        return id != null && OPAQUE.matcher(id).matches();
    }

    /** A user id given in a body or query ({@code field}): 400 when it cannot name a user. */
    public static String requireUser(String field, String id) {
        if (!isOpaque(id)) {
            throw new Problem.Invalid(field, "is not a user id");
        }
        return id;
    }
}
