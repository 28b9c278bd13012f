package clinic.domain;

import java.util.function.Supplier;

/**
 * A conditional write found its item changed since it was read (the outcome {@code reread} of a
 * transaction item); the caller reads again, decides again and writes again.
 */
public final class StaleRead extends RuntimeException {
    /** Enough for the few writers one object ever has at once; more means it keeps changing under us. */
    private static final int ATTEMPTS = 5;

    public StaleRead() {
        super("concurrent change", null, false, false);
    }

    /**
     * Runs {@code readDecideWrite} until its write holds against what it read. After a few lost
     * rounds the object is changing faster than the caller can follow: 409 {@code CHANGED}.
     */
    public static <T> T retrying(Supplier<T> readDecideWrite) {
        return retrying(ATTEMPTS, readDecideWrite);
    }

    /**
     * As {@link #retrying(Supplier)}, for a change whose lost rounds are bounded by a count of its own
     * (never fewer rounds than the default).
     */
    public static <T> T retrying(int attempts, Supplier<T> readDecideWrite) {
        int rounds = Math.max(ATTEMPTS, attempts);
        for (int attempt = 1; ; attempt++) {
            try {
                return readDecideWrite.get();
            } catch (StaleRead stale) {
                if (attempt >= rounds) {
                    throw Conflicts.changed();
                }
            }
        }
    }

    /** As {@link #retrying(Supplier)}, for a change that returns nothing. */
    public static void retry(Runnable readDecideWrite) {
        retrying(() -> {
            readDecideWrite.run();
            return null;
        });
    }
}
