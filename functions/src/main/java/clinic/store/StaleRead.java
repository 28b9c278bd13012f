package clinic.store;

/** An optimistic write lost to a concurrent change; the caller reads again and retries. */
public final class StaleRead extends RuntimeException {
    StaleRead() {
        super("concurrent change", null, false, false);
    }
}
