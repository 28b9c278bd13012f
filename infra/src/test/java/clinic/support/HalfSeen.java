package clinic.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Half of a committed transaction seen by a multi-item read, which moto never shows: DynamoDB's
 * Query and BatchGetItem are read-committed, not snapshots, so while a transaction is being applied
 * they may return some of its items and not others. Armed with one item's key, it drops that item
 * from the next Query or BatchGetItem answer that holds it (as if its write, a Put, were not yet
 * visible), or shows it there as it was before (an Update not yet visible); every other answer is
 * the emulator's own.
 */
public final class HalfSeen implements ExecutionInterceptor {
    /** {@code before}: the item shown instead; null, none (dropped). */
    private record Armed(String pk, String sk, Map<String, AttributeValue> before) {}

    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private volatile boolean dropped;

    /** Drops the item {@code pk}/{@code sk} from the next multi-item read that returns it. */
    public void nextReadWithout(String pk, String sk) {
        dropped = false;
        armed.set(new Armed(pk, sk, null));
    }

    /** Shows {@code before} in place of the item it is a former state of, in the next multi-item read that returns that item. */
    public void nextReadShowing(Map<String, AttributeValue> before) {
        dropped = false;
        armed.set(new Armed(before.get("PK").s(), before.get("SK").s(), Map.copyOf(before)));
    }

    /** Disarms it, if nothing took it yet. */
    public void disarm() {
        armed.set(null);
    }

    /** Whether the armed item was dropped from (or shown as before in) an answer since it was armed. */
    public boolean dropped() {
        return dropped;
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        Armed target = armed.get();
        if (target == null) {
            return context.response();
        }
        if (context.response() instanceof QueryResponse query && holds(query.items(), target) && claim(target)) {
            List<Map<String, AttributeValue>> kept = without(query.items(), target);
            return query.toBuilder().items(kept).count(kept.size()).build();
        }
        if (context.response() instanceof BatchGetItemResponse batch
                && batch.responses().values().stream().anyMatch(items -> holds(items, target)) && claim(target)) {
            Map<String, List<Map<String, AttributeValue>>> kept = new LinkedHashMap<>();
            batch.responses().forEach((table, items) -> kept.put(table, without(items, target)));
            return batch.toBuilder().responses(kept).build();
        }
        return context.response();
    }

    private boolean claim(Armed target) {
        if (!armed.compareAndSet(target, null)) {
            return false;
        }
        dropped = true;
        return true;
    }

    private static boolean holds(List<Map<String, AttributeValue>> items, Armed target) {
        return items.stream().anyMatch(item -> is(item, target));
    }

    private static List<Map<String, AttributeValue>> without(List<Map<String, AttributeValue>> items, Armed target) {
        return items.stream().<Map<String, AttributeValue>>mapMulti((item, kept) -> {
            if (!is(item, target)) {
                kept.accept(item);
            } else if (target.before() != null) {
                kept.accept(target.before());
            }
        }).toList();
    }

    private static boolean is(Map<String, AttributeValue> item, Armed target) {
        AttributeValue pk = item.get("PK");
        AttributeValue sk = item.get("SK");
        return pk != null && sk != null && target.pk().equals(pk.s()) && target.sk().equals(sk.s());
    }
}
