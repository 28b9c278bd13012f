package clinic.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * DynamoDB's request limits, enforced on every call of the suite, whether or not the emulator
 * enforces them (moto checks a transaction's 100 items and a BatchGetItem's 100 keys, but not a
 * BatchWriteItem's 25 requests, a transaction's 4 MB, nor an expression's 4 KB). A call over one is
 * refused before it leaves, as DynamoDB would refuse it (a {@code ValidationException}), and
 * remembered, so that a class whose code swallowed the refusal still fails ({@link EndToEndTest}).
 * Sizes are counted as DynamoDB counts an item's: each attribute's name and value, in UTF-8.
 */
public final class DynamoDbLimits implements ExecutionInterceptor {
    public static final int TRANSACTION_ITEMS = 100;
    public static final long TRANSACTION_BYTES = 4L * 1024 * 1024;
    public static final int BATCH_GET_KEYS = 100;
    public static final int BATCH_WRITE_REQUESTS = 25;
    public static final int EXPRESSION_BYTES = 4 * 1024;

    private final List<String> breaches = new CopyOnWriteArrayList<>();

    /** Every call refused so far, described, in order. */
    public List<String> breaches() {
        return List.copyOf(breaches);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String breach = breach(context.request());
        if (breach != null) {
            breaches.add(breach);
            SdkFaults.Call call = new SdkFaults.Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request());
            throw SdkFaults.serviceError(call, 400, "ValidationException", breach + " (a DynamoDB limit, enforced by the tests)");
        }
    }

    /** What of DynamoDB's limits the request passes, or null when none. */
    static String breach(Object request) {
        return switch (request) {
            case TransactWriteItemsRequest r -> {
                if (r.transactItems().size() > TRANSACTION_ITEMS) {
                    yield "TransactWriteItems of " + r.transactItems().size() + " items, over " + TRANSACTION_ITEMS;
                }
                long bytes = bytes(r);
                if (bytes > TRANSACTION_BYTES) {
                    yield "TransactWriteItems of " + bytes + " bytes, over 4 MB";
                }
                yield longExpression(r.transactItems().stream().flatMap(DynamoDbLimits::expressions));
            }
            case TransactGetItemsRequest r -> r.transactItems().size() > TRANSACTION_ITEMS
                    ? "TransactGetItems of " + r.transactItems().size() + " items, over " + TRANSACTION_ITEMS : null;
            case BatchGetItemRequest r -> {
                int keys = r.requestItems().values().stream().mapToInt(k -> k.keys().size()).sum();
                yield keys > BATCH_GET_KEYS ? "BatchGetItem of " + keys + " keys, over " + BATCH_GET_KEYS : null;
            }
            case BatchWriteItemRequest r -> {
                int writes = r.requestItems().values().stream().mapToInt(List::size).sum();
                yield writes > BATCH_WRITE_REQUESTS ? "BatchWriteItem of " + writes + " requests, over " + BATCH_WRITE_REQUESTS : null;
            }
            case QueryRequest r -> longExpression(Stream.of(r.keyConditionExpression(), r.filterExpression(), r.projectionExpression()));
            case PutItemRequest r -> longExpression(Stream.of(r.conditionExpression()));
            case UpdateItemRequest r -> longExpression(Stream.of(r.updateExpression(), r.conditionExpression()));
            case DeleteItemRequest r -> longExpression(Stream.of(r.conditionExpression()));
            default -> null;
        };
    }

    /** What a transaction's items count towards its 4 MB, as {@link #bytes(TransactWriteItem)} counts one. */
    public static long bytes(TransactWriteItemsRequest request) {
        return request.transactItems().stream().mapToLong(DynamoDbLimits::bytes).sum();
    }

    private static String longExpression(Stream<String> expressions) {
        return expressions.filter(Objects::nonNull).filter(e -> e.getBytes(StandardCharsets.UTF_8).length > EXPRESSION_BYTES)
                .findFirst().map(e -> "an expression of " + e.length() + " characters, over 4 KB").orElse(null);
    }

    private static Stream<String> expressions(TransactWriteItem item) {
        List<String> all = new ArrayList<>();
        if (item.put() != null) {
            all.add(item.put().conditionExpression());
        }
        if (item.update() != null) {
            all.add(item.update().updateExpression());
            all.add(item.update().conditionExpression());
        }
        if (item.delete() != null) {
            all.add(item.delete().conditionExpression());
        }
        if (item.conditionCheck() != null) {
            all.add(item.conditionCheck().conditionExpression());
        }
        return all.stream();
    }

    /**
     * Counted here again, not through the store's own {@code Tx} count: a guard that shared the
     * code it guards would pass whatever that code got wrong.
     *
     * <p>What one item of a transaction counts towards its 4 MB: a put's item; an update's key and the
     * values it writes (the item it changes is not known here: ours are small, see docs/data-model.md);
     * a delete's or a check's key.
     */
    private static long bytes(TransactWriteItem item) {
        if (item.put() != null) {
            return bytes(item.put().item());
        }
        if (item.update() != null) {
            return bytes(item.update().key()) + (item.update().hasExpressionAttributeValues()
                    ? bytes(item.update().expressionAttributeValues()) : 0);
        }
        if (item.delete() != null) {
            return bytes(item.delete().key());
        }
        return item.conditionCheck() == null ? 0 : bytes(item.conditionCheck().key());
    }

    static long bytes(Map<String, AttributeValue> attributes) {
        return attributes.entrySet().stream()
                .mapToLong(e -> utf8(e.getKey()) + bytes(e.getValue())).sum();
    }

    private static long bytes(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return value.n().length();
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(DynamoDbLimits::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(String::length).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(v -> 1 + bytes(v)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + bytes(e.getValue())).sum();
        }
        return 1; // BOOL, NULL
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
