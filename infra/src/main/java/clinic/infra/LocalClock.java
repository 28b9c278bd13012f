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
    /** Set: the clock stands still at this instant (a test of a rule's exact edge), until {@link #set} or {@link #advance}. */
    private final AtomicReference<Instant> stopped;

    public LocalClock(ZoneId zone) {
        this(zone, new AtomicReference<>(Duration.ZERO), new AtomicReference<>());
    }

    private LocalClock(ZoneId zone, AtomicReference<Duration> offset, AtomicReference<Instant> stopped) {
        this.zone = zone;
        this.offset = offset;
        this.stopped = stopped;
    }

    /** Stops the clock at {@code now}: every read gives exactly it, so a request lands on an edge to the millisecond. */
    public void stopAt(Instant now) {
        set(now);
        stopped.set(now);
    }

    /** Moves the clock forward (or, with a negative duration, back) by {@code by}. */
    public void advance(Duration by) {
        Instant was = stopped.getAndSet(null);
        if (was != null) {
            set(was);
        }
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Moves the clock so that it reads {@code now} at this moment (and keeps running from there). */
    public void set(Instant now) {
        stopped.set(null);
        offset.set(Duration.between(Instant.now(), now));
    }

    @Override
    public Instant instant() {
        Instant still = stopped.get();
        return still != null ? still : Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        // The same offset, shared: a moved clock reads moved in every zone.
        return new LocalClock(other, offset, stopped);
    }
}
