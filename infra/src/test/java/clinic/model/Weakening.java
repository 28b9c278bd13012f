package clinic.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The test-only switch of issue 18: records every condition expression the store sends, and
 * weakens one of them at a time by dropping one clause of one of its ANDs (at any depth, so
 * {@code #status = :open OR (#status = :held AND #hold_until <= :now)} can become
 * {@code #status = :open OR (#status = :held)}), or the whole condition ({@link #NONE}: the item is
 * sent with none). Placeholders the dropped clause alone used are
 * dropped with it, as DynamoDB refuses unused ones. No production code knows about it: it rewrites
 * the requests on their way out of the SDK.
 */
final class Weakening implements ExecutionInterceptor {
    private static final Pattern PLACEHOLDER = Pattern.compile("[#:][A-Za-z0-9_]+");

    /** Each distinct condition sent, by where ("Update DOCTOR#/SLOT# | " and the expression), to the expression. */
    final Map<String, String> seen = new ConcurrentSkipListMap<>();
    private volatile String original;
    private volatile String weakened;
    final Set<String> applied = ConcurrentHashMap.newKeySet();
    /** The keys of {@link #seen} sent since the caller last cleared it: which conditions one run sends. */
    final Set<String> sent = ConcurrentHashMap.newKeySet();

    /** From now on, the condition {@code original} (a key of {@link #seen}) is sent as {@code weakened}; null restores every condition. */
    void weaken(String original, String weakened) {
        this.original = original;
        this.weakened = weakened;
        applied.clear();
    }

    /** What "no condition" is written as: the item is sent without one. */
    static final String NONE = "";

    /**
     * Every weakening of {@code expression} the sweep tries: each one clause weaker
     * ({@link #weakerThan}), and the condition dropped entirely ({@link #NONE}): for a condition of
     * one clause (or an OR of single clauses) that is the only one; for the others it says whether
     * the races catch the condition at all, whichever of its clauses is needed.
     */
    static List<String> weakenings(String expression) {
        List<String> weaker = new ArrayList<>(weakerThan(expression));
        weaker.add(NONE);
        return weaker;
    }

    /** Every expression one clause weaker than {@code expression}: one clause of one AND dropped. */
    static List<String> weakerThan(String expression) {
        String e = unwrap(expression.trim());
        List<String> out = new ArrayList<>();
        List<String> ors = split(e, " OR ");
        if (ors.size() > 1) {
            for (int i = 0; i < ors.size(); i++) {
                for (String weaker : weakerThan(ors.get(i))) {
                    List<String> parts = new ArrayList<>(ors);
                    parts.set(i, "(" + weaker + ")");
                    out.add(String.join(" OR ", parts));
                }
            }
            return out;
        }
        List<String> ands = split(e, " AND ");
        if (ands.size() > 1) {
            for (int i = 0; i < ands.size(); i++) {
                List<String> parts = new ArrayList<>(ands);
                parts.remove(i);
                out.add(String.join(" AND ", parts));
                for (String weaker : weakerThan(ands.get(i))) {
                    List<String> inner = new ArrayList<>(ands);
                    inner.set(i, "(" + weaker + ")");
                    out.add(String.join(" AND ", inner));
                }
            }
        }
        return out;
    }

    private static String unwrap(String e) {
        while (e.startsWith("(") && e.endsWith(")") && closes(e) == e.length() - 1) {
            e = e.substring(1, e.length() - 1).trim();
        }
        return e;
    }

    /** Where the parenthesis opening {@code e} closes. */
    private static int closes(String e) {
        int depth = 0;
        for (int i = 0; i < e.length(); i++) {
            if (e.charAt(i) == '(') {
                depth++;
            } else if (e.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code e} split at {@code operator} outside parentheses. */
    private static List<String> split(String e, String operator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && e.startsWith(operator, i)) {
                parts.add(e.substring(from, i).trim());
                from = i + operator.length();
                i = from - 1;
            }
        }
        parts.add(e.substring(from).trim());
        return parts;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return switch (context.request()) {
            case TransactWriteItemsRequest r -> r.toBuilder().transactItems(r.transactItems().stream().map(this::item).toList()).build();
            case PutItemRequest r when r.conditionExpression() != null -> {
                String c = condition("PutItem", kind(r.item()), r.conditionExpression());
                yield r.toBuilder().conditionExpression(sent(c)).expressionAttributeNames(names(r.expressionAttributeNames(), c))
                        .expressionAttributeValues(values(r.expressionAttributeValues(), c)).build();
            }
            case UpdateItemRequest r when r.conditionExpression() != null -> {
                String c = condition("UpdateItem", kind(r.key()), r.conditionExpression());
                String all = c + " " + r.updateExpression();
                yield r.toBuilder().conditionExpression(sent(c)).expressionAttributeNames(names(r.expressionAttributeNames(), all))
                        .expressionAttributeValues(values(r.expressionAttributeValues(), all)).build();
            }
            case DeleteItemRequest r when r.conditionExpression() != null -> {
                String c = condition("DeleteItem", kind(r.key()), r.conditionExpression());
                yield r.toBuilder().conditionExpression(sent(c)).expressionAttributeNames(names(r.expressionAttributeNames(), c))
                        .expressionAttributeValues(values(r.expressionAttributeValues(), c)).build();
            }
            default -> context.request();
        };
    }

    private TransactWriteItem item(TransactWriteItem item) {
        if (item.put() != null && item.put().conditionExpression() != null) {
            Put p = item.put();
            String c = condition("Put", kind(p.item()), p.conditionExpression());
            return item.toBuilder().put(p.toBuilder().conditionExpression(sent(c)).expressionAttributeNames(names(p.expressionAttributeNames(), c))
                    .expressionAttributeValues(values(p.expressionAttributeValues(), c)).build()).build();
        }
        if (item.update() != null && item.update().conditionExpression() != null) {
            Update u = item.update();
            String c = condition("Update", kind(u.key()), u.conditionExpression());
            String all = c + " " + u.updateExpression();
            return item.toBuilder().update(u.toBuilder().conditionExpression(sent(c)).expressionAttributeNames(names(u.expressionAttributeNames(), all))
                    .expressionAttributeValues(values(u.expressionAttributeValues(), all)).build()).build();
        }
        if (item.delete() != null && item.delete().conditionExpression() != null) {
            Delete d = item.delete();
            String c = condition("Delete", kind(d.key()), d.conditionExpression());
            return item.toBuilder().delete(d.toBuilder().conditionExpression(sent(c)).expressionAttributeNames(names(d.expressionAttributeNames(), c))
                    .expressionAttributeValues(values(d.expressionAttributeValues(), c)).build()).build();
        }
        if (item.conditionCheck() != null) {
            ConditionCheck k = item.conditionCheck();
            String c = condition("ConditionCheck", kind(k.key()), k.conditionExpression());
            return item.toBuilder().conditionCheck(k.toBuilder().conditionExpression(sent(c)).expressionAttributeNames(names(k.expressionAttributeNames(), c))
                    .expressionAttributeValues(values(k.expressionAttributeValues(), c)).build()).build();
        }
        return item;
    }

    /** The condition as sent: none for {@link #NONE} (placeholders only it used are dropped by {@link #keep}). */
    private static String sent(String condition) {
        return condition.isEmpty() ? null : condition;
    }

    private String condition(String operation, String kind, String expression) {
        String key = operation + " " + kind + " | " + expression;
        seen.putIfAbsent(key, expression);
        sent.add(key);
        if (key.equals(original)) {
            applied.add(expression);
            return weakened;
        }
        return expression;
    }

    /** The item's kind, from its keys: the partition key's prefix and the sort key's. */
    private static String kind(Map<String, AttributeValue> item) {
        return prefix(item.get("PK")) + "/" + prefix(item.get("SK"));
    }

    private static String prefix(AttributeValue v) {
        if (v == null || v.s() == null) {
            return "?";
        }
        int hash = v.s().indexOf('#');
        if (hash < 0 && !v.s().equals(v.s().toUpperCase(java.util.Locale.ROOT))) {
            return "<name>"; // a key that is a name (a specialty, a directory entry), not a kind: one kind whatever the name
        }
        String prefix = hash < 0 ? v.s() : v.s().substring(0, hash + 1);
        return prefix.matches("\\d+#") ? "<joined>#" : prefix; // a waitlist entry's sort key starts with its join time
    }

    private static Map<String, String> names(Map<String, String> names, String used) {
        return keep(names, used);
    }

    private static Map<String, AttributeValue> values(Map<String, AttributeValue> values, String used) {
        return keep(values, used);
    }

    private static <V> Map<String, V> keep(Map<String, V> all, String used) {
        if (all == null || all.isEmpty()) {
            return all;
        }
        Set<String> referenced = new java.util.HashSet<>();
        Matcher m = PLACEHOLDER.matcher(used);
        while (m.find()) {
            referenced.add(m.group());
        }
        Map<String, V> kept = new HashMap<>();
        all.forEach((k, v) -> {
            if (referenced.contains(k)) {
                kept.put(k, v);
            }
        });
        return kept.isEmpty() ? null : kept;
    }
}
