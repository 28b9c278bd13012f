package clinic.infra;

import clinic.store.TableAudit;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./dev audit}: reads a whole table (a Scan, fine offline) and reports every breach of the
 * contract's rules 1-4 (by slot id and by clock time), 5-7 (waitlist offers) and 8. Exit status 0 when there is none, 1 otherwise.
 */
public final class Audit {
    private Audit() {}

    public static List<String> breaches(DynamoDbClient dynamo, String table) {
        return TableAudit.breaches(dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items());
    }

    /** As {@link #breaches(DynamoDbClient, String)}, judging waitlist offers' deadlines at {@code now}, slots' starts in {@code zone}. */
    public static List<String> breaches(DynamoDbClient dynamo, String table, Instant now, ZoneId zone) {
        return TableAudit.breaches(dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items(), now, zone);
    }

    /** {@code ./dev audit}: the table judged now, slots' starts in the clinic's zone; 1 on any breach. */
    public static int run(DynamoDbClient dynamo, String table, ZoneId zone, PrintStream out) {
        List<String> breaches = breaches(dynamo, table, Instant.now(), zone);
        breaches.forEach(out::println);
        out.println(breaches.isEmpty() ? "audit: " + table + " keeps rules 1-8" : "audit: " + breaches.size() + " breach(es) in " + table);
        return breaches.isEmpty() ? 0 : 1;
    }
}
