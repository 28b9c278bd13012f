package clinic.domain;

import java.util.Optional;

/** How much of a list to return and where to start: {@code limit} (default 100, at most 500), {@code cursor}. */
public record PageRequest(int limit, Optional<String> cursor) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

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
            throw new Problem.Invalid("cursor", "is not a cursor this API issued");
        }).orElse(0);
    }
}
