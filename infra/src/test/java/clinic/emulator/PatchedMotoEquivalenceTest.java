package clinic.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The launcher's scale patch changes how moto finds items, never what it answers: a random mix of
 * puts, updates, deletes, batch writes, transactions (cancelled ones and invalid ones included)
 * and paged queries on every index runs against the patched launcher and against moto as
 * shipped, and every answer, error and cancellation reason must be the same. A small key space
 * makes items collide, move between index partitions and drop out of sparse indexes.
 */
class PatchedMotoEquivalenceTest {
    private static final String TABLE = OwnMoto.TABLE;
    private static final String[] INDEXES = {"OpenSlots", "ByPatient", "ByDoctor", "ByDate"};
    private static final Map<String, String[]> INDEX_KEYS = Map.of(
            "OpenSlots", new String[] {"OpenPK", "OpenSK"}, "ByPatient", new String[] {"PatientPK", "WhenSK"},
            "ByDoctor", new String[] {"DoctorPK", "WhenSK"}, "ByDate", new String[] {"AllPK", "WhenSK"});
    private static final Map<String, String[]> PARTITIONS = Map.of(
            "OpenPK", new String[] {"O#1", "O#2", "O#3", "O#none"}, "PatientPK", new String[] {"U#1", "U#2", "U#none"},
            "DoctorPK", new String[] {"D#a", "D#b", "D#none"}, "AllPK", new String[] {"A#1", "A#none"});

    private static OwnMoto patched;
    private static OwnMoto unpatched;

    private final Map<String, Integer> seen = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        patched = OwnMoto.patched();
        unpatched = OwnMoto.unpatched();
    }

    @AfterAll
    static void stop() {
        if (patched != null) {
            patched.close();
        }
        if (unpatched != null) {
            unpatched.close();
        }
    }

    @Test
    void patchedMotoAnswersEveryRandomStepAsUnpatchedMotoDoes() {
        long seed = Long.getLong("equivalence.seed", System.nanoTime());
        System.out.println("[tests] PatchedMotoEquivalenceTest seed: " + seed + " (rerun with -Dequivalence.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int step = 0; step < 350; step++) {
            Step op = next(random);
            String where = "seed " + seed + ", step " + step + ": " + op.description;
            for (Function<DynamoDbClient, Object> call : op.calls) {
                Object expected = outcome(unpatched.dynamo(), call);
                Object actual = outcome(patched.dynamo(), call);
                assertThat(actual).as(where).isEqualTo(expected);
            }
            if (step % 50 == 49) {
                Function<DynamoDbClient, Object> scan = c -> c.scan(r -> r.tableName(TABLE).consistentRead(true)).items();
                assertThat(outcome(patched.dynamo(), scan)).as("seed " + seed + ", whole table after step " + step)
                        .isEqualTo(outcome(unpatched.dynamo(), scan));
            }
        }
        // The comparison covered what it is for, not only the easy cases.
        System.out.println("[tests] PatchedMotoEquivalenceTest compared: " + seen);
        Map<String, Integer> atLeast = Map.of("transaction committed", 10, "transaction cancelled", 10, "transaction refused", 1,
                "index page, not the last", 5, "index page with items", 20, "table page with items", 3);
        atLeast.forEach((kind, least) -> assertThat(seen.getOrDefault(kind, 0))
                .as("seed " + seed + ": outcomes compared of kind '" + kind + "'").isGreaterThanOrEqualTo(least));
    }

    /** What a call answered, or how it failed, in a form two emulators' answers can be compared in. */
    private Object outcome(DynamoDbClient client, Function<DynamoDbClient, Object> call) {
        try {
            Object answer = call.apply(client);
            return answer instanceof SdkResponse response ? fields(response) : answer;
        } catch (TransactionCanceledException e) {
            return new Failure(e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage(), e.cancellationReasons());
        } catch (AwsServiceException e) {
            return new Failure(e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage(), List.of());
        }
    }

    /** A response's fields by name (its equals would also compare the HTTP metadata, request id included). */
    private static Map<String, Object> fields(SdkPojo pojo) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            fields.put(field.memberName(), field.getValueOrDefault(pojo));
        }
        return fields;
    }

    record Failure(String code, String message, List<CancellationReason> reasons) {}

    record Step(String description, List<Function<DynamoDbClient, Object>> calls) {}

    private Step next(Random random) {
        int kind = random.nextInt(21);
        if (kind < 3) {
            return put(random);
        } else if (kind < 6) {
            return update(random);
        } else if (kind < 7) {
            return delete(random);
        } else if (kind < 12) {
            return transaction(random);
        } else if (kind < 13) {
            return batchWrite(random);
        } else if (kind < 18) {
            return indexQuery(random);
        } else if (kind < 20) {
            return tableQuery(random);
        }
        Map<String, AttributeValue> key = key(random);
        return new Step("get " + key, List.of(c -> c.getItem(r -> r.tableName(TABLE).key(key).consistentRead(true)).item()));
    }

    private Step put(Random random) {
        Map<String, AttributeValue> item = item(random, key(random));
        Condition condition = condition(random, false);
        ReturnValue returnValue = random.nextBoolean() ? ReturnValue.ALL_OLD : ReturnValue.NONE;
        return new Step("put " + item + condition, List.of(c -> c.putItem(r -> r.tableName(TABLE).item(item)
                .conditionExpression(condition.expression).expressionAttributeNames(condition.names)
                .expressionAttributeValues(condition.nullableValues()).returnValues(returnValue))));
    }

    private Step update(Random random) {
        Map<String, AttributeValue> key = key(random);
        Condition change = change(random).and(condition(random, false));
        ReturnValue returnValue = List.of(ReturnValue.NONE, ReturnValue.ALL_NEW, ReturnValue.ALL_OLD, ReturnValue.UPDATED_OLD)
                .get(random.nextInt(4));
        return new Step("update " + key + change, List.of(c -> c.updateItem(r -> r.tableName(TABLE).key(key)
                .updateExpression(change.update).conditionExpression(change.expression)
                .expressionAttributeNames(change.names).expressionAttributeValues(change.nullableValues())
                .returnValues(returnValue))));
    }

    private Step delete(Random random) {
        Map<String, AttributeValue> key = key(random);
        Condition condition = condition(random, false);
        return new Step("delete " + key + condition, List.of(c -> c.deleteItem(r -> r.tableName(TABLE).key(key)
                .conditionExpression(condition.expression).expressionAttributeNames(condition.names)
                .expressionAttributeValues(condition.nullableValues()).returnValues(ReturnValue.ALL_OLD))));
    }

    private Step transaction(Random random) {
        int size = 1 + random.nextInt(10);
        // Half the transactions carry conditions (most of those cancel), half none (most commit).
        boolean conditional = random.nextBoolean();
        Map<Map<String, AttributeValue>, Boolean> keys = new LinkedHashMap<>();
        while (keys.size() < size) {
            keys.put(key(random), true);
        }
        List<Map<String, AttributeValue>> order = new ArrayList<>(keys.keySet());
        if (random.nextInt(12) == 0) {
            order.add(1 + random.nextInt(order.size()), order.get(random.nextInt(order.size()))); // two ops, one item
        }
        List<TransactWriteItem> items = new ArrayList<>();
        for (Map<String, AttributeValue> key : order) {
            ReturnValuesOnConditionCheckFailure onFailure = random.nextInt(3) == 0
                    ? ReturnValuesOnConditionCheckFailure.ALL_OLD : ReturnValuesOnConditionCheckFailure.NONE;
            switch (random.nextInt(conditional ? 4 : 3)) {
                case 0 -> {
                    Condition condition = conditional ? condition(random, false) : Condition.NONE;
                    Map<String, AttributeValue> item = item(random, key);
                    items.add(TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item)
                            .conditionExpression(condition.expression).expressionAttributeNames(condition.names)
                            .expressionAttributeValues(condition.nullableValues()).returnValuesOnConditionCheckFailure(onFailure)).build());
                }
                case 1 -> {
                    Condition change = change(random).and(conditional ? condition(random, false) : Condition.NONE);
                    items.add(TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key)
                            .updateExpression(change.update).conditionExpression(change.expression)
                            .expressionAttributeNames(change.names).expressionAttributeValues(change.nullableValues())
                            .returnValuesOnConditionCheckFailure(onFailure)).build());
                }
                case 2 -> {
                    Condition condition = conditional ? condition(random, false) : Condition.NONE;
                    items.add(TransactWriteItem.builder().delete(d -> d.tableName(TABLE).key(key)
                            .conditionExpression(condition.expression).expressionAttributeNames(condition.names)
                            .expressionAttributeValues(condition.nullableValues()).returnValuesOnConditionCheckFailure(onFailure)).build());
                }
                default -> {
                    Condition condition = condition(random, true);
                    items.add(TransactWriteItem.builder().conditionCheck(k -> k.tableName(TABLE).key(key)
                            .conditionExpression(condition.expression).expressionAttributeNames(condition.names)
                            .expressionAttributeValues(condition.nullableValues()).returnValuesOnConditionCheckFailure(onFailure)).build());
                }
            }
        }
        return new Step("transaction " + items, List.of(c -> {
            try {
                c.transactWriteItems(r -> r.transactItems(items));
                countOn(c, "transaction committed");
                return "committed";
            } catch (TransactionCanceledException e) {
                countOn(c, "transaction cancelled");
                throw e;
            } catch (AwsServiceException e) {
                countOn(c, "transaction refused");
                throw e;
            }
        }));
    }

    private Step batchWrite(Random random) {
        Map<Map<String, AttributeValue>, Boolean> keys = new LinkedHashMap<>();
        int size = 1 + random.nextInt(5);
        while (keys.size() < size) {
            keys.put(key(random), true);
        }
        List<WriteRequest> writes = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys.keySet()) {
            Map<String, AttributeValue> item = item(random, key);
            writes.add(random.nextInt(3) == 0
                    ? WriteRequest.builder().deleteRequest(d -> d.key(key)).build()
                    : WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        return new Step("batch " + writes, List.of(c -> c.batchWriteItem(r -> r.requestItems(Map.of(TABLE, writes))).unprocessedItems()));
    }

    private Step indexQuery(Random random) {
        String index = INDEXES[random.nextInt(INDEXES.length)];
        String hash = INDEX_KEYS.get(index)[0];
        String range = INDEX_KEYS.get(index)[1];
        String[] partitions = PARTITIONS.get(hash);
        String partition = partitions[random.nextInt(partitions.length)];
        Map<String, String> names = new HashMap<>(Map.of("#h", hash));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":h", s(partition)));
        String keyCondition = "#h = :h";
        switch (random.nextInt(4)) {
            case 0 -> {
                names.put("#r", range);
                values.put(":r", s(range.equals("OpenSK") ? "09" : "W#"));
                keyCondition += " AND begins_with(#r, :r)";
            }
            case 1 -> {
                names.put("#r", range);
                values.put(":r", s(range.equals("OpenSK") ? "10:00" : "W#2"));
                keyCondition += " AND #r >= :r";
            }
            default -> { }
        }
        return query(random, "index " + index + " " + keyCondition + " " + values, index, keyCondition, names, values);
    }

    private Step tableQuery(Random random) {
        Map<String, String> names = new HashMap<>(Map.of("#h", "PK"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":h", key(random).get("PK")));
        String keyCondition = "#h = :h";
        if (random.nextBoolean()) {
            names.put("#r", "SK");
            values.put(":a", s("S#1"));
            values.put(":b", s("S#4"));
            keyCondition += " AND #r BETWEEN :a AND :b";
        }
        return query(random, "table " + keyCondition + " " + values, null, keyCondition, names, values);
    }

    /** Every page of one query, following LastEvaluatedKey, each page compared. */
    private Step query(Random random, String description, String index, String keyCondition,
                       Map<String, String> names, Map<String, AttributeValue> values) {
        Integer limit = random.nextInt(3) == 0 ? null : 1 + random.nextInt(4);
        boolean forward = random.nextBoolean();
        boolean filtered = random.nextInt(4) == 0;
        if (filtered) {
            names.put("#st", "status");
            values.put(":st", s("open"));
        }
        QueryRequest first = QueryRequest.builder().tableName(TABLE).indexName(index).keyConditionExpression(keyCondition)
                .filterExpression(filtered ? "#st = :st" : null).expressionAttributeNames(names)
                .expressionAttributeValues(values).limit(limit).scanIndexForward(forward).build();
        String kind = index == null ? "table page" : "index page";
        List<Function<DynamoDbClient, Object>> pages = new ArrayList<>();
        // Each page is asked of both emulators (the patched one second), from where the last page ended.
        AtomicReference<Map<String, AttributeValue>> start = new AtomicReference<>();
        for (int page = 0; page < 30; page++) {
            pages.add(c -> {
                if (start.get() != null && start.get().isEmpty()) {
                    return "no more pages";
                }
                QueryResponse response = c.query(first.toBuilder().exclusiveStartKey(start.get()).build());
                if (c == patched.dynamo()) {
                    start.set(response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
                    count(response.hasLastEvaluatedKey() ? kind + ", not the last" : kind + ", the last");
                    if (response.count() > 0) {
                        count(kind + " with items");
                    }
                }
                return response;
            });
        }
        return new Step(description + " limit " + limit + (forward ? " forward" : " backward") + (filtered ? " filtered" : ""), pages);
    }

    private void countOn(DynamoDbClient client, String what) {
        if (client == patched.dynamo()) {
            count(what);
        }
    }

    private void count(String what) {
        seen.merge(what, 1, Integer::sum);
    }

    private static Map<String, AttributeValue> key(Random random) {
        return Map.of("PK", s("P#" + random.nextInt(4)), "SK", s("S#" + random.nextInt(6)));
    }

    /** A map holding a value of every attribute type, nested in a map and a list, some binary. */
    private static AttributeValue everyType(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(4)];
        random.nextBytes(bytes);
        var binary = software.amazon.awssdk.core.SdkBytes.fromByteArray(bytes);
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put("s", s("text " + random.nextInt(3)));
        values.put("n", AttributeValue.fromN(random.nextInt(100) + ".5"));
        values.put("b", AttributeValue.fromB(binary));
        values.put("ss", AttributeValue.fromSs(List.of("a", "b" + random.nextInt(3))));
        values.put("ns", AttributeValue.fromNs(List.of("1", "2")));
        values.put("bs", AttributeValue.fromBs(List.of(binary, software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))));
        values.put("bool", AttributeValue.fromBool(random.nextBoolean()));
        values.put("null", AttributeValue.fromNul(true));
        values.put("empty", AttributeValue.fromM(Map.of()));
        values.put("list", AttributeValue.fromL(List.of(s("first"), AttributeValue.fromB(binary), AttributeValue.fromM(Map.of("deep", s("y"))))));
        return AttributeValue.fromM(values);
    }

    /** An item with a random subset of index keys: present, absent, or a partition key without its sort key. */
    private static Map<String, AttributeValue> item(Random random, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("status", s(List.of("open", "closed", "booked").get(random.nextInt(3))));
        item.put("n", AttributeValue.fromN(Integer.toString(random.nextInt(10))));
        if (random.nextInt(4) == 0) {
            item.put("detail", everyType(random)); // the launcher writes answers' values itself (answer_cost.py)
        }
        String when = "W#" + (1 + random.nextInt(4));
        if (random.nextInt(10) < 6) {
            item.put("OpenPK", s("O#" + (1 + random.nextInt(3))));
            if (random.nextInt(10) > 0) {
                item.put("OpenSK", s(List.of("09:00#a", "09:00#b", "10:00#a", "11:30#c").get(random.nextInt(4))));
            }
        }
        if (random.nextBoolean()) {
            item.put("DoctorPK", s(random.nextBoolean() ? "D#a" : "D#b"));
            item.put("WhenSK", s(when));
        }
        if (random.nextInt(10) < 4) {
            item.put("PatientPK", s(random.nextBoolean() ? "U#1" : "U#2"));
            item.put("WhenSK", s(when));
        }
        if (random.nextInt(10) < 3) {
            item.put("AllPK", s("A#1"));
            item.put("WhenSK", s(when));
        }
        return item;
    }

    /** An update that moves the item between index partitions, out of or into an index, or changes data only. */
    private static Condition change(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> new Condition("SET #o = :o, #os = :os", null, Map.of("#o", "OpenPK", "#os", "OpenSK"),
                    Map.of(":o", s("O#" + (1 + random.nextInt(3))), ":os", s(random.nextBoolean() ? "09:00#z" : "12:00#a")));
            case 1 -> new Condition("REMOVE #o, #os", null, Map.of("#o", "OpenPK", "#os", "OpenSK"), Map.of());
            case 2 -> new Condition("SET #st = :st", null, Map.of("#st", "status"),
                    Map.of(":st", s(random.nextBoolean() ? "open" : "booked")));
            case 3 -> new Condition("SET #d = :d, #w = :w", null, Map.of("#d", "DoctorPK", "#w", "WhenSK"),
                    Map.of(":d", s(random.nextBoolean() ? "D#a" : "D#b"), ":w", s("W#" + (1 + random.nextInt(4)))));
            case 4 -> new Condition("REMOVE #d", null, Map.of("#d", "DoctorPK"), Map.of());
            case 5 -> new Condition("ADD #n :one", null, Map.of("#n", "n"), Map.of(":one", AttributeValue.fromN("1")));
            default -> new Condition("SET #p = :p, #a = :a, #w = :w", null, Map.of("#p", "PatientPK", "#a", "AllPK", "#w", "WhenSK"),
                    Map.of(":p", s(random.nextBoolean() ? "U#1" : "U#2"), ":a", s("A#1"), ":w", s("W#" + (1 + random.nextInt(4)))));
        };
    }

    /** A condition that holds for some items and not others (or none, unless one is required). */
    private static Condition condition(Random random, boolean required) {
        return switch (random.nextInt(required ? 4 : 6)) {
            case 0 -> new Condition(null, "attribute_not_exists(#pk)", Map.of("#pk", "PK"), Map.of());
            case 1 -> new Condition(null, "attribute_exists(#pk)", Map.of("#pk", "PK"), Map.of());
            case 2 -> new Condition(null, "#cst = :cst", Map.of("#cst", "status"), Map.of(":cst", s("open")));
            case 3 -> new Condition(null, "#cn < :cn", Map.of("#cn", "n"), Map.of(":cn", AttributeValue.fromN("5")));
            default -> Condition.NONE;
        };
    }

    /** An update expression and/or a condition with the names and values they use. */
    record Condition(String update, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        static final Condition NONE = new Condition(null, null, null, null);

        Condition and(Condition other) {
            Map<String, String> n = new HashMap<>(names);
            Map<String, AttributeValue> v = new HashMap<>(values);
            if (other.names != null) {
                n.putAll(other.names);
                v.putAll(other.values);
            }
            return new Condition(update, other.expression, n, v);
        }

        /** DynamoDB refuses an empty ExpressionAttributeValues map. */
        Map<String, AttributeValue> nullableValues() {
            return values == null || values.isEmpty() ? null : values;
        }

        @Override
        public String toString() {
            return (update == null ? "" : " " + update) + (expression == null ? "" : " if " + expression) + " " + values;
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
