package clinic.events;

import clinic.App;
import clinic.store.Outbox;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table's stream, filtered to new outbox items (template.yaml), onto the event bus. A batch
 * that fails part-way reports the first unpublished record, so Lambda retries from there and
 * nothing before it is sent again (ReportBatchItemFailures).
 */
public final class PublishEvents implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final Publisher publisher;

    public PublishEvents() {
        this(App.fromEnvironment());
    }

    public PublishEvents(App app) {
        this.publisher = app.publisher();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<Publisher.Pending> pending = new ArrayList<>();
        for (DynamodbStreamRecord record : event.getRecords() == null ? List.<DynamodbStreamRecord>of() : event.getRecords()) {
            Map<String, AttributeValue> item = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
            // The filter sends only inserted outbox items; anything else is not an event.
            if (!"INSERT".equals(record.getEventName()) || item == null || !item.containsKey(Outbox.EVENT_ID)) {
                continue;
            }
            pending.add(new Publisher.Pending(record.getDynamodb().getSequenceNumber(), text(item, Outbox.EVENT_ID),
                    text(item, Outbox.SOURCE), text(item, Outbox.TYPE), Instant.parse(text(item, Outbox.OCCURRED_AT)),
                    text(item, Outbox.DETAIL)));
        }
        List<StreamsEventResponse.BatchItemFailure> failures = publisher.publish(pending)
                .map(sequence -> List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build()))
                .orElse(List.of());
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.getS();
    }
}
