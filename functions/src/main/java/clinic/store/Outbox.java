package clinic.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The transactional outbox: an event is one more item in the same TransactWriteItems as the change
 * it announces, so it exists exactly when the change committed. The table's stream carries the new
 * item to the publisher (clinic.events.PublishEvents); the item itself expires after {@link #KEPT}.
 */
public final class Outbox {
    /** Far longer than the stream's 24 hours: a published event's item is only kept for inspection. */
    public static final Duration KEPT = Duration.ofDays(7);

    /** Item attributes the publisher reads from the stream's new image. */
    public static final String EVENT_ID = "event_id";
    public static final String SOURCE = "source";
    public static final String TYPE = "type";
    public static final String DETAIL = "detail";
    public static final String OCCURRED_AT = "occurred_at";

    /** What to publish: the detail is the event's JSON, written once here and passed on untouched. */
    public record Event(String id, String source, String type, Instant occurredAt, String detail) {}

    private Outbox() {}

    /**
     * Adds the event to the transaction. Its id names one committed change, so an item already
     * there means that change already committed: the caller reads again and finds it done.
     */
    static void add(Tx tx, Event event) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.outbox(event.id()).toMap());
        item.put(EVENT_ID, Items.s(event.id()));
        item.put(SOURCE, Items.s(event.source()));
        item.put(TYPE, Items.s(event.type()));
        item.put(OCCURRED_AT, Items.s(event.occurredAt().toString()));
        item.put(DETAIL, Items.s(event.detail()));
        item.put("expires_at", Items.n(event.occurredAt().plus(KEPT).getEpochSecond()));
        tx.put(item, Tx.Condition.absent().orReread());
    }
}
