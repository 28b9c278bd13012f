package clinic.store;

import clinic.domain.Page;
import clinic.domain.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one page of a list from index partitions walked in sort-key order, so a page costs about a
 * page whatever the table holds: each Query asks for no more than the page still needs (plus one,
 * to know whether there is a next page), the walk stops as soon as the page is full, and it never
 * reads more than {@link PageRequest#readBudget()} items, even when a filter keeps few of them (the
 * page is then short and its cursor continues after the last item read). Items read per page are
 * therefore at most 2 × limit + 1, in at most one Query per partition walked (more only past
 * DynamoDB's 1 MB per response).
 *
 * <p>Positions are sort-key values. Every partition of one walk shares the sort-key attribute and
 * its keys are totally ordered across partitions (each partition holds one date or month prefix),
 * so a position names one point of the whole walk and a walk resumes with a key condition, never
 * a scan of what came before.
 */
final class IndexWalk {
    /** One partition: the index (null for the table), its partition-key attribute and value, and the prefix all its sort keys share. */
    record Partition(String index, String pkAttribute, String pk, String skPrefix) {
        /** Whether any key of this partition may lie in {@code [lo, hi]}. */
        boolean mayHold(String lo, String hi) {
            return hi.compareTo(skPrefix) >= 0 && lo.compareTo(skPrefix + Character.MAX_VALUE) <= 0;
        }
    }

    private IndexWalk() {}

    /**
     * Walks {@code partitions} (given in ascending order; walked backwards when {@code descending})
     * over sort keys in {@code [lo, hi]}, starting after {@code after}, keeping the items {@code keep} accepts.
     */
    static Page<Map<String, AttributeValue>> walk(Table table, List<Partition> partitions, String skAttribute, String lo,
                                                   String hi, boolean descending, Optional<String> after, PageRequest page,
                                                   Predicate<Map<String, AttributeValue>> keep) {
        return walk(table, partitions, skAttribute, lo, hi, descending, after, page, items -> {}, keep);
    }

    /**
     * As above, handing each Query's items to {@code beforeKeeping} before {@code keep} judges them,
     * so a filter that needs other items (the doctors of a specialty) looks them up once per
     * response, for at most the items read: bounded by the page, not the table.
     */
    static Page<Map<String, AttributeValue>> walk(Table table, List<Partition> partitions, String skAttribute, String lo,
                                                   String hi, boolean descending, Optional<String> after, PageRequest page,
                                                   java.util.function.Consumer<List<Map<String, AttributeValue>>> beforeKeeping,
                                                   Predicate<Map<String, AttributeValue>> keep) {
        if (after.isPresent()) {
            if (descending && after.get().compareTo(hi) < 0) {
                hi = after.get();
            } else if (!descending && after.get().compareTo(lo) > 0) {
                lo = after.get();
            }
        }
        List<Map<String, AttributeValue>> kept = new ArrayList<>();
        if (lo.compareTo(hi) > 0) {
            return new Page<>(kept, Optional.empty());
        }
        int read = 0;
        String lastRead = null;
        boolean outOfBudget = false;
        List<Partition> order = descending ? partitions.reversed() : partitions;
        walk:
        for (Partition partition : order) {
            if (!partition.mayHold(lo, hi)) {
                continue;
            }
            Map<String, AttributeValue> start = null;
            do {
                int want = Math.min(page.limit() + 1 - kept.size(), page.readBudget() - read);
                if (want <= 0) {
                    outOfBudget = kept.size() <= page.limit();
                    break walk;
                }
                QueryResponse response = table.query(QueryRequest.builder().indexName(partition.index())
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lo AND :hi")
                        .expressionAttributeNames(Map.of("#pk", partition.pkAttribute(), "#sk", skAttribute))
                        .expressionAttributeValues(Map.of(":pk", Items.s(partition.pk()), ":lo", Items.s(lo), ":hi", Items.s(hi)))
                        .scanIndexForward(!descending).limit(want).exclusiveStartKey(start));
                beforeKeeping.accept(response.items());
                for (Map<String, AttributeValue> item : response.items()) {
                    read++;
                    String position = Items.str(item, skAttribute);
                    if (after.isPresent() && position.equals(after.get())) {
                        continue; // the cursor's own item, already on the previous page
                    }
                    lastRead = position;
                    if (keep.test(item)) {
                        kept.add(item);
                    }
                }
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            } while (start != null);
        }
        if (kept.size() > page.limit()) {
            List<Map<String, AttributeValue>> items = kept.subList(0, page.limit());
            return new Page<>(items, Optional.of(Items.str(items.get(items.size() - 1), skAttribute)));
        }
        return new Page<>(kept, outOfBudget ? Optional.ofNullable(lastRead) : Optional.empty());
    }
}
