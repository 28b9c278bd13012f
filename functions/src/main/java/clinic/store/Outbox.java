package clinic.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The transactional outbox: an event is one more item in the same TransactWriteItems as the change
 * it announces, so it exists exactly when the change committed. The table's stream carries the new
 * item to the publisher (clinic.events.PublishEvents); the item itself expires after {@link #KEPT}.
 *
 * <p>Until a publisher has put it on the bus, the item is in the sparse index {@code Unpublished}
 * (by the UTC day it occurred, then its time): publishing removes it from there. So events the
 * stream lost (a publisher down past the stream's 24 hours) are found, a page at a time, and
 * published again by the reconciler (clinic.events.OutboxReconciler).
 */
public final class Outbox {
    /** Far longer than the stream's 24 hours: the reconciler republishes an unpublished event until it expires. */
    public static final Duration KEPT = Duration.ofDays(7);

    /** The sparse index of events not yet published, and its key attributes (template.yaml). */
    public static final String UNPUBLISHED_INDEX = "Unpublished";
    private static final String UNPUBLISHED_PK = Schemas.OUTBOX.unpublishedPk.name();
    private static final String UNPUBLISHED_SK = Schemas.OUTBOX.unpublishedSk.name();

    /** Item attributes the publisher reads from the stream's new image. */
    public static final String EVENT_ID = Schemas.OUTBOX.eventId.name();
    public static final String SOURCE = Schemas.OUTBOX.source.name();
    public static final String TYPE = Schemas.OUTBOX.type.name();
    public static final String DETAIL = Schemas.OUTBOX.detail.name();
    public static final String OCCURRED_AT = Schemas.OUTBOX.occurredAt.name();

    /** What to publish: the detail is the event's JSON, written once here and passed on untouched. */
    public record Event(String id, String source, String type, Instant occurredAt, String detail) {}

    private final Table table;

    public Outbox(Table table) {
        this.table = table;
    }

    /**
     * Adds the event to the transaction. Its id names one committed change, so an item already
     * there means that change already committed: the caller reads again and finds it done.
     */
    static void add(Tx tx, Event event) {
        tx.put(Schemas.OUTBOX.item(Keys.outbox(event.id()), event), Tx.Condition.absent().orReread());
    }

    /**
     * Marks the event published (the bus took it at {@code at}): out of the index of unpublished
     * events. One that expired meanwhile is left gone.
     */
    public void published(String eventId, Instant at) {
        table.updateIfPresent(Keys.outbox(eventId), "SET #at = :at REMOVE #pk, #sk",
                Map.of("#at", Schemas.OUTBOX.publishedAt.name(), "#pk", UNPUBLISHED_PK, "#sk", UNPUBLISHED_SK),
                Map.of(":at", AttributeValue.fromS(at.toString())));
    }

    /**
     * Hands the events not yet published that occurred in [{@code from}, {@code until}) to
     * {@code page}, oldest day first, in pages of at most {@code pageSize}, until {@code budget}
     * events were handed or none is left; returns how many were handed. Each page is one Query of
     * one day's partition, resumed from where the last stopped, so an event marked published meanwhile
     * is not read twice in one walk.
     */
    public int forEachUnpublished(Instant from, Instant until, int pageSize, int budget, Consumer<List<Event>> page) {
        int handed = 0;
        String lo = Keys.unpublishedPosition(from, "");
        String hi = Keys.unpublishedPosition(until, "");
        for (LocalDate day = day(from); !day.isAfter(day(until)) && handed < budget; day = day.plusDays(1)) {
            String partition = Keys.unpublishedPartition(day.atStartOfDay(ZoneOffset.UTC).toInstant());
            Map<String, AttributeValue> start = null;
            do {
                int limit = Math.min(pageSize, budget - handed);
                Map<String, AttributeValue> resume = start;
                QueryResponse response = table.query(QueryRequest.builder().indexName(UNPUBLISHED_INDEX)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                        .expressionAttributeNames(Map.of("#pk", UNPUBLISHED_PK, "#sk", UNPUBLISHED_SK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                                ":lo", AttributeValue.fromS(lo), ":hi", AttributeValue.fromS(hi)))
                        .limit(limit).exclusiveStartKey(resume));
                List<Event> events = response.items().stream().map(Schemas.OUTBOX::read).toList();
                if (!events.isEmpty()) {
                    page.accept(events);
                    handed += events.size();
                }
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            } while (start != null && handed < budget);
        }
        return handed;
    }

    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
