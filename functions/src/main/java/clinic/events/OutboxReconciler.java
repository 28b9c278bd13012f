package clinic.events;

import clinic.domain.ClinicClock;
import clinic.http.Telemetry;
import clinic.store.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes again the outbox events no publisher has put on the bus: those the stream lost (it
 * keeps a record 24 hours; a publisher down longer loses it) or whose publishing failed before
 * its mark. The scheduled run takes every event the outbox still keeps that has been unpublished
 * for longer than {@code after} (younger ones are the stream's); {@code ./dev republish --since}
 * takes all from an instant. Each event goes out with its own id, so a consumer that dedupes on
 * {@code detail.eventId} sees it once, however many times it was published.
 */
public final class OutboxReconciler {
    /** Minutes an event may wait for the stream before the reconciler publishes it (template: OutboxRepublishMinutes). */
    public static final int DEFAULT_MINUTES = 15;
    /** Events read per Query, and published per run at most: a run stays well within its timeout, the next goes on. */
    static final int PAGE = 100;
    static final int PER_RUN = 1000;

    private final Outbox outbox;
    private final Publisher publisher;
    private final ClinicClock clock;
    private final Duration after;

    public OutboxReconciler(Outbox outbox, Publisher publisher, ClinicClock clock, Duration after) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.clock = clock;
        this.after = after;
    }

    /** The scheduled run: every event the outbox keeps that is still unpublished {@code after} it occurred. */
    public int republishStale() {
        Instant now = clock.now();
        return republish(now.minus(Outbox.KEPT), now.minus(after));
    }

    /**
     * Publishes the unpublished events that occurred in [{@code since}, {@code until}), oldest
     * first, at most {@link #PER_RUN}; returns how many were published. If the bus refuses one, the
     * run stops there and fails: the events from it on stay unpublished for the next run.
     */
    public int republish(Instant since, Instant until) {
        Instant from = since.isBefore(clock.now().minus(Outbox.KEPT)) ? clock.now().minus(Outbox.KEPT) : since;
        int[] published = {0};
        outbox.forEachUnpublished(from, until, PAGE, PER_RUN, page -> {
            List<Publisher.Pending> pending = page.stream().map(e -> new Publisher.Pending(e.id(), e.id(), e.source(), e.type(),
                    e.occurredAt(), e.detail())).toList();
            Optional<String> stuck = publisher.publish(pending);
            published[0] += stuck.map(id -> indexOf(pending, id)).orElse(pending.size());
            if (stuck.isPresent()) {
                throw new NotPublished(stuck.get(), published[0]);
            }
        });
        if (published[0] > 0) {
            Telemetry.warning("OutboxReconciler", "published events the stream had not",
                    Map.of("events", published[0], "since", from.toString(), "until", until.toString()));
        }
        return published[0];
    }

    private static int indexOf(List<Publisher.Pending> pending, String eventId) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).eventId().equals(eventId)) {
                return i;
            }
        }
        return 0;
    }

    /** The bus did not take an event: the run stops, and fails so the function's alarm tells. */
    public static final class NotPublished extends RuntimeException {
        NotPublished(String eventId, int publishedBefore) {
            super("event " + eventId + " not published (" + publishedBefore + " published before it); the next run retries it");
        }
    }
}
