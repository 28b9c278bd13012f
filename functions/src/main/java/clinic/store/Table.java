package clinic.store;

import clinic.domain.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one DynamoDB table, and the one place that turns its failures into domain problems:
 * a failed condition becomes the rule it guards, throttling becomes 503, and a transaction that
 * lost a race to another one ({@code TransactionConflict}) is tried again, because the loser's
 * conditions must be judged against the winner's result, not reported as a server error.
 */
public final class Table {
    private static final int TRANSACTION_ATTEMPTS = 4;
    /** DynamoDB's most keys in one BatchGetItem. */
    static final int BATCH_GET_KEYS = 100;
    /** DynamoDB's most requests in one BatchWriteItem. */
    static final int BATCH_WRITE_ITEMS = 25;

    private final DynamoDbClient client;
    private final String name;

    public Table(DynamoDbClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public String name() {
        return name;
    }

    DynamoDbClient client() {
        return client;
    }

    Optional<Map<String, AttributeValue>> get(Key key) {
        return call(() -> {
            var item = client.getItem(r -> r.tableName(name).key(key.toMap()).consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.<Map<String, AttributeValue>>empty() : Optional.of(item);
        });
    }

    /**
     * Several items, absent ones left out; keys must be distinct. One round trip for up to
     * {@value #BATCH_GET_KEYS} keys (DynamoDB's limit for a BatchGetItem), one more per
     * {@value #BATCH_GET_KEYS} after that; keys DynamoDB leaves unread (a reply over 16 MB, a busy
     * partition) are asked for again, a few times, before the request is told to come back later.
     */
    List<Map<String, AttributeValue>> getAll(List<Key> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(keys.size(), from + BATCH_GET_KEYS))
                    .stream().map(Key::toMap).toList();
            for (int attempt = 1; ; attempt++) {
                List<Map<String, AttributeValue>> asked = pending;
                var response = call(() -> client.batchGetItem(r -> r.requestItems(Map.of(name,
                        KeysAndAttributes.builder().keys(asked).consistentRead(true).build()))));
                items.addAll(response.responses().getOrDefault(name, List.of()));
                var unread = response.unprocessedKeys().get(name);
                pending = unread == null ? List.of() : unread.keys();
                if (pending.isEmpty()) {
                    break;
                }
                if (attempt == TRANSACTION_ATTEMPTS) {
                    throw new Problem.Busy();
                }
                pause(attempt);
            }
        }
        return items;
    }

    Tx transaction() {
        return new Tx(name);
    }

    /** Every item a query matches, following pages. Use only where the result is bounded. */
    List<Map<String, AttributeValue>> queryAll(QueryRequest.Builder query) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = query(query.exclusiveStartKey(start));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    QueryResponse query(QueryRequest.Builder query) {
        return call(() -> client.query(query.tableName(name).build()));
    }

    void put(Map<String, AttributeValue> item) {
        call(() -> client.putItem(r -> r.tableName(name).item(item)));
    }

    /**
     * Puts the item unless one with its key exists; false if it did. An item equal to this one is
     * this call's own: the SDK sent the Put again after its first answer was lost (a Put has no
     * ClientRequestToken), and the retry found what the first wrote. Callers make each item unique
     * to its writer (a claim's holder), so equal means ours.
     */
    boolean putIfAbsent(Map<String, AttributeValue> item) {
        try {
            call(() -> client.putItem(r -> r.tableName(name).item(item).conditionExpression("attribute_not_exists(PK)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return exists.hasItem() && exists.item().equals(item);
        }
    }

    void delete(Key key) {
        call(() -> client.deleteItem(r -> r.tableName(name).key(key.toMap())));
    }

    /** Updates an item that exists ({@code update}, with its names and values); false if it is gone. */
    boolean updateIfPresent(Key key, String update, Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            call(() -> client.updateItem(r -> r.tableName(name).key(key.toMap()).updateExpression(update)
                    .conditionExpression("attribute_exists(PK)").expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values)));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /** Deletes the item only if its {@code attribute} holds {@code value}; false if it did not (or is gone). */
    boolean deleteIfEquals(Key key, String attribute, AttributeValue value) {
        try {
            call(() -> client.deleteItem(r -> r.tableName(name).key(key.toMap()).conditionExpression("#a = :v")
                    .expressionAttributeNames(Map.of("#a", attribute)).expressionAttributeValues(Map.of(":v", value))));
            return true;
        } catch (ConditionalCheckFailedException notThatOne) {
            return false;
        }
    }

    /** Writes items without conditions, {@value #BATCH_WRITE_ITEMS} to a BatchWriteItem, for offline bulk loads only. */
    void putAll(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += BATCH_WRITE_ITEMS) {
            List<WriteRequest> writes = items.subList(from, Math.min(items.size(), from + BATCH_WRITE_ITEMS)).stream()
                    .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(name, writes);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, List<WriteRequest>> request = pending;
                pending = call(() -> client.batchWriteItem(r -> r.requestItems(request)).unprocessedItems());
                if (!pending.isEmpty()) {
                    if (attempt == TRANSACTION_ATTEMPTS) {
                        throw new Problem.Busy();
                    }
                    pause(attempt);
                }
            }
        }
    }

    /**
     * Runs one transaction. When a condition fails, the first failed item's own {@link Tx.Outcome}
     * says what that means, given the item as it stood; a lost race with another transaction is
     * tried again; anything else DynamoDB refuses is the request's fault or ours, never silent.
     */
    void transact(Tx tx) {
        List<TransactWriteItem> items = tx.items();
        for (int attempt = 1; ; attempt++) {
            // The SDK sends a request again when its answer is lost (a connection reset after the
            // commit); with a token DynamoDB answers that repeat with the first one's success instead
            // of running it again against what it wrote. A new attempt is a new request: a new token.
            String token = UUID.randomUUID().toString();
            try {
                call(() -> client.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token)));
                return;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
                for (int i = 0; i < reasons.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        Map<String, AttributeValue> current = reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of();
                        throw tx.failure(i, current);
                    }
                }
                if (reasons.stream().anyMatch(r -> "ValidationError".equals(r.code()))) {
                    throw refusedValue(cancelled);
                }
                boolean retryable = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code())
                        || "ThrottlingError".equals(r.code()));
                if (!retryable) {
                    throw cancelled;
                }
                if (attempt == TRANSACTION_ATTEMPTS) {
                    throw new Problem.Busy();
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem.Busy();
        }
    }

    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (AwsServiceException e) {
            // The SDK has already retried these with backoff; the client should come back later.
            if (e.isThrottlingException() || e instanceof ProvisionedThroughputExceededException
                    || e instanceof RequestLimitExceededException) {
                throw new Problem.Busy();
            }
            if ("ValidationException".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                throw refusedValue(e);
            }
            throw e;
        }
    }

    /**
     * DynamoDB refused a value (a key over its 2,048 or 1,024 bytes, an item over 400 KB): input
     * that validation should have stopped. A 400, not a 500, which carries DynamoDB's refusal as
     * its cause, so the request's log line names it at WARN (the class and DynamoDB's message
     * only, never the item): a gap in validation to close.
     */
    private static Problem refusedValue(AwsServiceException e) {
        return Problem.Invalid.refused("request", "a value is too long or not acceptable", e);
    }
}
