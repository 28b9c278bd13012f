package clinic.infra;

import static clinic.infra.CfnTemplate.list;
import static clinic.infra.CfnTemplate.map;

import clinic.http.Json;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What Lambda's event source mapping does for a DynamoDB stream, in-process: reads the stream in
 * order from a checkpoint, keeps only records matching the template's filter patterns, hands a
 * batch (at most the template's BatchSize) to the function, and moves the checkpoint past what the
 * function did not report as failed (ReportBatchItemFailures); a failed record and those after it
 * come again in the next batch, and a function that throws gets the whole batch again.
 */
public final class LocalEventSource {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final List<Map<String, Object>> filters;
    private final int batchSize;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> function;
    /** The last sequence number done with; null before the first record (TRIM_HORIZON). */
    private String checkpoint;

    LocalEventSource(DynamoDbStreamsClient streams, String streamArn, Map<String, Object> source,
                     RequestHandler<DynamodbEvent, StreamsEventResponse> function) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.filters = list(map(source.get("FilterCriteria")).get("Filters")).stream()
                .map(f -> map(Json.parse((String) map(f).get("Pattern")))).toList();
        this.batchSize = (Integer) source.getOrDefault("BatchSize", 100);
        this.function = function;
    }

    /** The properties of the template function's stream event (its {@code Type: DynamoDB} event). */
    static Map<String, Object> streamEventOf(CfnTemplate template, String function) {
        for (Object event : map(map(template.resource(function).get("Properties")).get("Events")).values()) {
            if ("DynamoDB".equals(map(event).get("Type"))) {
                return map(map(event).get("Properties"));
            }
        }
        throw new IllegalStateException(function + " has no DynamoDB stream event in template.yaml");
    }

    /** What one poll did: how many records the stream gave, and whether the function failed any. */
    public record Poll(int read, boolean failed) {}

    /**
     * One poll: the next records after the checkpoint, filtered, to the function. A throwing
     * function leaves the checkpoint where it was, and the exception propagates.
     */
    public synchronized Poll pollOnce() {
        var shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().get(0);
        String iterator = streams.getShardIterator(r -> {
            r.streamArn(streamArn).shardId(shard.shardId());
            if (checkpoint == null) {
                r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(checkpoint);
            }
        }).shardIterator();
        List<Record> records = streams.getRecords(r -> r.shardIterator(iterator).limit(batchSize)).records();
        if (records.isEmpty()) {
            return new Poll(0, false);
        }
        List<Record> matching = records.stream().filter(this::matches).toList();
        String done = records.get(records.size() - 1).dynamodb().sequenceNumber();
        if (!matching.isEmpty()) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(matching.stream().map(this::toLambda).toList());
            StreamsEventResponse response = function.handleRequest(event, null);
            List<StreamsEventResponse.BatchItemFailure> failures = response == null || response.getBatchItemFailures() == null
                    ? List.of() : response.getBatchItemFailures();
            String firstFailed = failures.stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .filter(Objects::nonNull).min((a, b) -> new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b)))
                    .orElse(null);
            if (firstFailed != null) {
                checkpoint = before(records, firstFailed);
                return new Poll(records.size(), true);
            }
        }
        checkpoint = done;
        return new Poll(records.size(), false);
    }

    /**
     * Polls until the stream has nothing new or the function reports a failure (the next call
     * then starts with the failed record, as Lambda's retry would).
     */
    public void drain() {
        Poll poll;
        do {
            poll = pollOnce();
        } while (poll.read() > 0 && !poll.failed());
    }

    /**
     * What the stream's 24 hours passing does to records no function has taken: they are gone, and
     * the event source mapping goes on after them. Returns how many records were dropped.
     */
    public synchronized int expireUnread() {
        var shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().get(0);
        int dropped = 0;
        while (true) {
            String from = checkpoint;
            String iterator = streams.getShardIterator(r -> {
                r.streamArn(streamArn).shardId(shard.shardId());
                if (from == null) {
                    r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(from);
                }
            }).shardIterator();
            List<Record> records = streams.getRecords(r -> r.shardIterator(iterator).limit(1000)).records();
            if (records.isEmpty()) {
                return dropped;
            }
            dropped += records.size();
            checkpoint = records.get(records.size() - 1).dynamodb().sequenceNumber();
        }
    }

    /** The sequence number of the record just before the failed one, or the current checkpoint. */
    private String before(List<Record> records, String failed) {
        String previous = checkpoint;
        for (Record record : records) {
            if (record.dynamodb().sequenceNumber().equals(failed)) {
                return previous;
            }
            previous = record.dynamodb().sequenceNumber();
        }
        return previous;
    }

    private boolean matches(Record record) {
        Map<String, Object> shape = new HashMap<>();
        shape.put("eventName", record.eventNameAsString());
        Map<String, Object> dynamodb = new HashMap<>();
        dynamodb.put("Keys", plain(record.dynamodb().keys()));
        if (record.dynamodb().hasNewImage()) {
            dynamodb.put("NewImage", plain(record.dynamodb().newImage()));
        }
        shape.put("dynamodb", dynamodb);
        return filters.isEmpty() || filters.stream().anyMatch(pattern -> EventPattern.matches(pattern, shape));
    }

    /** Attribute values as the stream's JSON shows them ({"S": "..."}), which is what filter patterns address. */
    private static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (value.s() != null) {
                out.put(name, Map.of("S", value.s()));
            } else if (value.n() != null) {
                out.put(name, Map.of("N", value.n()));
            }
        });
        return out;
    }

    private DynamodbEvent.DynamodbStreamRecord toLambda(Record record) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventSource(record.eventSource());
        out.setEventVersion(record.eventVersion());
        out.setAwsRegion(record.awsRegion());
        out.setEventSourceARN(streamArn);
        StreamRecord data = new StreamRecord();
        data.setSequenceNumber(record.dynamodb().sequenceNumber());
        data.setSizeBytes(record.dynamodb().sizeBytes());
        data.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
                record.dynamodb().streamViewTypeAsString()));
        if (record.dynamodb().approximateCreationDateTime() != null) {
            data.setApproximateCreationDateTime(Date.from(record.dynamodb().approximateCreationDateTime()));
        }
        data.setKeys(lambda(record.dynamodb().keys()));
        if (record.dynamodb().hasNewImage()) {
            data.setNewImage(lambda(record.dynamodb().newImage()));
        }
        out.setDynamodb(data);
        return out;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> lambda(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new HashMap<>();
        item.forEach((name, value) -> out.put(name, lambda(value)));
        return out;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue lambda(AttributeValue value) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (value.s() != null) {
            out.setS(value.s());
        } else if (value.n() != null) {
            out.setN(value.n());
        } else if (value.bool() != null) {
            out.setBOOL(value.bool());
        } else if (value.hasM()) {
            out.setM(lambda(value.m()));
        } else if (value.hasL()) {
            out.setL(value.l().stream().map(LocalEventSource::lambda).toList());
        } else if (value.hasSs()) {
            out.setSS(value.ss());
        } else if (Boolean.TRUE.equals(value.nul())) {
            out.setNULL(true);
        }
        return out;
    }

    /** Runs {@link #pollOnce()} every {@code millis} on a daemon thread until closed, as {@code ./dev up} does. */
    public AutoCloseable runEvery(long millis, java.util.function.Consumer<RuntimeException> onFault) {
        return Loop.every("local-event-source", millis, this::drain, onFault);
    }
}
