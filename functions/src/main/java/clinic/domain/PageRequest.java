package clinic.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How much of a list to return and where to start: {@code limit} (default 100, at most 500), {@code cursor}.
 *
 * <p>A cursor of a page-bounded list holds a position in the index walked, bound to the query that
 * issued it: a digest of the list, its filters, its ordering and the caller, then the position.
 * A cursor used with any other query is a 400, so it cannot lead a walk outside its own query.
 * The digest is a checksum, not a secret: what a cursor can reach is limited by the query itself
 * (the caller's own partitions, the filters' window), never by the cursor.
 */
public record PageRequest(int limit, Optional<String> cursor) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    private static final int MAX_POSITION = 400;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new Problem.Invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The cursor read as an offset into a fully ordered list. */
    public int offset() {
        return cursor.map(c -> {
            try {
                int offset = Integer.parseInt(c);
                if (offset >= 0) {
                    return offset;
                }
            } catch (NumberFormatException e) {
                // falls through to the 400 below
            }
            throw notOurs();
        }).orElse(0);
    }

    /** Items one page may read from the index before it returns, full or not: twice the page, and one to look ahead. */
    public int readBudget() {
        return 2 * limit + 1;
    }

    /** The position the cursor holds, if it was issued for {@code query}; 400 if not. */
    public Optional<String> positionIn(String query) {
        return cursor.map(c -> {
            int bar = c.indexOf('|');
            if (bar < 0) {
                throw notOurs();
            }
            if (!c.substring(0, bar).equals(digest(query))) {
                throw new Problem.Invalid("cursor", "belongs to another query (list, filters, ordering or caller)");
            }
            String position = c.substring(bar + 1);
            if (position.isEmpty() || position.length() > MAX_POSITION) {
                throw notOurs();
            }
            return position;
        });
    }

    /** The cursor text for a position in {@code query}. */
    public static String bind(String query, String position) {
        return digest(query) + "|" + position;
    }

    private static String digest(String query) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Problem.Invalid notOurs() {
        return new Problem.Invalid("cursor", "is not a cursor this API issued");
    }
}
