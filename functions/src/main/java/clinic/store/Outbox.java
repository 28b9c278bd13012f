package clinic.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The transactional outbox: an event is one more item in the same TransactWriteItems as the change
 * it announces, so it exists exactly when the change committed. The table's stream carries the new
 * item to the publisher (clinic.events.PublishEvents); the item itself expires after {@link #KEPT}.
 */
public final class Outbox {
    /** Far longer than the stream's 24 hours: a published event's item is only kept for inspection. */
    public static final Duration KEPT = Duration.ofDays(7);

    /** Item attributes the publisher reads from the stream's new image. */
    public static final String EVENT_ID = Schemas.OUTBOX.eventId.name();
    public static final String SOURCE = Schemas.OUTBOX.source.name();
    public static final String TYPE = Schemas.OUTBOX.type.name();
    public static final String DETAIL = Schemas.OUTBOX.detail.name();
    public static final String OCCURRED_AT = Schemas.OUTBOX.occurredAt.name();

    /** What to publish: the detail is the event's JSON, written once here and passed on untouched. */
    public record Event(String id, String source, String type, Instant occurredAt, String detail) {}

    private Outbox() {}

    /**
     * Adds the event to the transaction. Its id names one committed change, so an item already
     * there means that change already committed: the caller reads again and finds it done.
     */
    static void add(Tx tx, Event event) {
        tx.put(Schemas.OUTBOX.item(Keys.outbox(event.id()), event), Tx.Condition.absent().orReread());
    }
}
