package clinic.events;

import clinic.domain.ClinicClock;
import clinic.http.Telemetry;
import clinic.store.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts outbox events onto the bus, in the order given, ten to a PutEvents call (its limit). It stops
 * at the first event the bus did not take and names it, so the stream (or the reconciler) hands
 * that event and the ones after it over again: an event is never skipped, and one published twice
 * carries the same id, on which consumers dedupe. Each event the bus took is marked published in
 * the outbox, so the reconciler leaves it alone; a mark that fails only means it may be published
 * once more.
 */
public final class Publisher {
    private static final int PER_CALL = 10;

    private final EventBridgeClient events;
    private final String bus;
    private final Outbox outbox;
    private final ClinicClock clock;

    public Publisher(EventBridgeClient events, String bus, Outbox outbox, ClinicClock clock) {
        this.events = events;
        this.bus = bus;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** An outbox event to publish, and where it came from: its position in the stream, or its id when the reconciler found it. */
    public record Pending(String sequenceNumber, String eventId, String source, String type, Instant occurredAt,
                          String detail) {}

    /** Publishes the events in order; the sequence number of the first one not published, if any. */
    public Optional<String> publish(List<Pending> pending) {
        for (int from = 0; from < pending.size(); from += PER_CALL) {
            List<Pending> chunk = pending.subList(from, Math.min(pending.size(), from + PER_CALL));
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (Pending event : chunk) {
                entries.add(PutEventsRequestEntry.builder().eventBusName(bus).source(event.source())
                        .detailType(event.type()).time(event.occurredAt()).detail(event.detail()).build());
            }
            List<PutEventsResultEntry> results;
            try {
                results = events.putEvents(r -> r.entries(entries)).entries();
            } catch (SdkException failed) {
                log(chunk.get(0), failed.getClass().getSimpleName());
                return Optional.of(chunk.get(0).sequenceNumber());
            }
            for (int i = 0; i < chunk.size(); i++) {
                PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
                if (result == null || result.errorCode() != null) {
                    log(chunk.get(i), result == null ? "no result" : result.errorCode());
                    return Optional.of(chunk.get(i).sequenceNumber());
                }
                markPublished(chunk.get(i));
            }
        }
        return Optional.empty();
    }

    private void markPublished(Pending event) {
        try {
            outbox.published(event.eventId(), clock.now());
        } catch (RuntimeException notMarked) {
            Telemetry.warning("Publisher", "event published but not marked; the reconciler may publish it again",
                    Map.of("eventId", event.eventId(), "reason", notMarked.getClass().getSimpleName()));
        }
    }

    private static void log(Pending event, String reason) {
        Telemetry.warning("Publisher", "event not published; the stream or the reconciler will retry it",
                Map.of("eventId", event.eventId(), "reason", reason));
    }
}
