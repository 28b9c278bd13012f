package clinic.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The local stack's clock: the system's, shifted by an offset a test can move, so deadlines and
 * reminders can be reached without waiting. Every part of one local stack (its functions, its
 * scheduler loop) reads the same clock; each test class has its own stack, so moving it affects
 * only that class.
 */
public final class LocalClock extends Clock {
    private final ZoneId zone;
    private final AtomicReference<Duration> offset;

    public LocalClock(ZoneId zone) {
        this(zone, new AtomicReference<>(Duration.ZERO));
    }

    private LocalClock(ZoneId zone, AtomicReference<Duration> offset) {
        this.zone = zone;
        this.offset = offset;
    }

    /** Moves the clock forward (or, with a negative duration, back) by {@code by}. */
    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Moves the clock so that it reads {@code now} at this moment (and keeps running from there). */
    public void set(Instant now) {
        offset.set(Duration.between(Instant.now(), now));
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        // The same offset, shared: a moved clock reads moved in every zone.
        return new LocalClock(other, offset);
    }
}
