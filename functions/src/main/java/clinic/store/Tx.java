package clinic.store;

import clinic.domain.Problem;
import clinic.domain.StaleRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The items of one TransactWriteItems call. An item is either unconditional or carries a
 * {@link Condition}, and a condition cannot be made without its {@link Outcome}: what its failure
 * means for the request. So {@link Table#transact} turns any failed condition into that outcome,
 * and no caller ever reasons about the position of a cancellation reason. In expressions
 * {@code #name} stands for the attribute {@code name}, so reserved words such as {@code status}
 * need no ceremony.
 */
final class Tx {
    private static final Pattern NAME = Pattern.compile("#(\\w+)");

    /**
     * What a failed condition means, given the item as it stood when the transaction was refused
     * (an empty map when there was none): the problem to answer with, or {@link StaleRead} when the
     * caller should read again and decide again.
     */
    @FunctionalInterface
    interface Outcome {
        RuntimeException of(Map<String, AttributeValue> current);

        /** The request cannot be done; the client is told why. */
        static Outcome refuse(Supplier<? extends Problem> problem) {
            return current -> problem.get();
        }

        /** The item changed since it was read: read again and decide again. */
        static Outcome reread() {
            return current -> new StaleRead();
        }
    }

    /** A condition expression with its values and the outcome of its failure; the only way to make an item conditional. */
    record Condition(String expression, Map<String, AttributeValue> values, Outcome outcome) {
        Condition {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(outcome, "every condition names the outcome of its failure");
            values = Map.copyOf(values);
        }

        /** The first half of a condition; it becomes one only when given its outcome. */
        static When when(String expression, Map<String, AttributeValue> values) {
            return new When(expression, values);
        }

        static When when(String expression) {
            return new When(expression, Map.of());
        }

        /** An item that must not exist yet. */
        static When absent() {
            return when("attribute_not_exists(#PK)");
        }

        /**
         * Still at the version it was read at. An item written before items had versions is read
         * as version 0 and still has none.
         */
        static When unchanged(long version) {
            return version == 0 ? when("attribute_exists(#PK) AND attribute_not_exists(#version)")
                    : when("#version = :readVersion", Map.of(":readVersion", Items.n(version)));
        }

        record When(String expression, Map<String, AttributeValue> values) {
            Condition otherwise(Outcome outcome) {
                return new Condition(expression, values, outcome);
            }

            Condition orRefuse(Supplier<? extends Problem> problem) {
                return otherwise(Outcome.refuse(problem));
            }

            Condition orReread() {
                return otherwise(Outcome.reread());
            }

            Condition orElse(Function<Map<String, AttributeValue>, RuntimeException> outcome) {
                return otherwise(outcome::apply);
            }

            /** Both conditions must hold, with the values of both. */
            When and(String other, Map<String, AttributeValue> otherValues) {
                Map<String, AttributeValue> all = new HashMap<>(values);
                all.putAll(otherValues);
                return new When("(" + expression + ") AND (" + other + ")", all);
            }
        }
    }

    /** DynamoDB's most items in one TransactWriteItems. */
    static final int MAX_ITEMS = 100;
    /** DynamoDB's most bytes of items in one TransactWriteItems (4 MB). */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private final String table;
    private final List<TransactWriteItem> items = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();

    Tx(String table) {
        this.table = table;
    }

    List<TransactWriteItem> items() {
        return List.copyOf(items);
    }

    /**
     * Whether DynamoDB takes this transaction: at most {@link #MAX_ITEMS} items and {@link #MAX_BYTES}
     * of them. The bytes counted are what the transaction writes (a put's item, an update's key and
     * values, a delete's key), as DynamoDB counts an item's size; an update's untouched attributes are
     * not known here, and every item of ours is a few kilobytes at most (docs/data-model.md).
     */
    boolean fits() {
        return items.size() <= MAX_ITEMS && items.stream().mapToLong(Tx::bytes).sum() <= MAX_BYTES;
    }

    /** What the failure of item {@code index}'s condition means; only conditional items can fail one. */
    RuntimeException failure(int index, Map<String, AttributeValue> current) {
        Outcome outcome = outcomes.get(index);
        if (outcome == null) {
            throw new IllegalStateException("item " + index + " has no condition, yet its condition failed");
        }
        return outcome.of(current);
    }

    void put(Map<String, AttributeValue> item) {
        add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build(), null);
    }

    void put(Map<String, AttributeValue> item, Condition condition) {
        add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(condition.expression()).expressionAttributeNames(names(condition.expression()))
                .expressionAttributeValues(orNull(condition.values()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(), condition);
    }

    void update(Key key, String update, Map<String, AttributeValue> values) {
        add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key.toMap()).updateExpression(update)
                .expressionAttributeNames(names(update)).expressionAttributeValues(orNull(values)).build()).build(), null);
    }

    void update(Key key, String update, Map<String, AttributeValue> values, Condition condition) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.putAll(condition.values());
        add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key.toMap()).updateExpression(update)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(names(update, condition.expression())).expressionAttributeValues(orNull(all))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(), condition);
    }

    void delete(Key key) {
        add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key.toMap()).build()).build(), null);
    }

    void delete(Key key, Condition condition) {
        add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key.toMap())
                .conditionExpression(condition.expression()).expressionAttributeNames(names(condition.expression()))
                .expressionAttributeValues(orNull(condition.values()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(), condition);
    }

    void check(Key key, Condition condition) {
        add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key.toMap())
                .conditionExpression(condition.expression()).expressionAttributeNames(names(condition.expression()))
                .expressionAttributeValues(orNull(condition.values()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(), condition);
    }

    private void add(TransactWriteItem item, Condition condition) {
        items.add(item);
        outcomes.add(condition == null ? null : condition.outcome());
    }

    private static long bytes(TransactWriteItem item) {
        if (item.put() != null) {
            return bytes(item.put().item());
        }
        if (item.update() != null) {
            return bytes(item.update().key()) + (item.update().hasExpressionAttributeValues()
                    ? bytes(item.update().expressionAttributeValues()) : 0);
        }
        return bytes(item.delete() != null ? item.delete().key() : item.conditionCheck().key());
    }

    /** An item's size as DynamoDB counts it: each attribute's name and value, in UTF-8 (documents with a few bytes of overhead). */
    private static long bytes(Map<String, AttributeValue> attributes) {
        long size = 0;
        for (var attribute : attributes.entrySet()) {
            size += utf8(attribute.getKey()) + bytes(attribute.getValue());
        }
        return size;
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
            return value.ss().stream().mapToLong(Tx::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(String::length).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(v -> 1 + bytes(v)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().values().stream().mapToLong(v -> 1 + bytes(v)).sum() + value.m().keySet().stream().mapToLong(Tx::utf8).sum();
        }
        return 1;
    }

    private static long utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** DynamoDB refuses an empty map of values. */
    private static Map<String, AttributeValue> orNull(Map<String, AttributeValue> values) {
        return values.isEmpty() ? null : values;
    }

    /** The {@code #name} placeholders used in the expressions; null when there are none (DynamoDB refuses an empty map). */
    static Map<String, String> names(String... expressions) {
        Map<String, String> names = new HashMap<>();
        for (String expression : expressions) {
            if (expression == null) {
                continue;
            }
            Matcher m = NAME.matcher(expression);
            while (m.find()) {
                names.put(m.group(), m.group(1));
            }
        }
        return names.isEmpty() ? null : names;
    }
}
