package clinic.infra.bench.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The floor for a cold write with the design card's own stack: a bare DynamoDbClient
 * (url-connection client, static credentials) and a plain jackson-databind ObjectMapper, which
 * reads one booking body into a record, sends one TransactWriteItems with one Put, and writes one
 * record as the answer. Args: endpoint, region, table, key, and optionally {@code read-first} to
 * send one BatchGetItem before the write, as a booking does.
 */
public final class SdkFloorProbe {
    private SdkFloorProbe() {}

    /** The body a booking carries. Component names are the wire names: no naming strategy, no annotations. */
    public record Body(String doctor, String date, int time_slot) {}

    /** The answer: the booked item's key and what was booked. */
    public record Booked(String id, String doctor, String date, int time_slot) {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long built;
        String answer;
        try (DynamoDbClient client = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(args[0]))
                .region(Region.of(args[1]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            ObjectMapper mapper = new ObjectMapper();
            built = System.nanoTime();
            Body body = mapper.readValue("{\"doctor\":\"floor-doctor\",\"date\":\"2030-01-15\",\"time_slot\":1}", Body.class);
            Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("FLOOR#" + args[3]), "SK", AttributeValue.fromS("FLOOR"));
            if (args.length > 4 && args[4].equals("read-first")) {
                // the booking's shape: one BatchGetItem read before the write
                client.batchGetItem(r -> r.requestItems(Map.of(args[2], KeysAndAttributes.builder().keys(key).consistentRead(true).build())));
            }
            client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(Put.builder().tableName(args[2])
                    .item(key).build()).build()));
            answer = mapper.writeValueAsString(new Booked("FLOOR#" + args[3], body.doctor(), body.date(), body.time_slot()));
        }
        long served = System.nanoTime();
        System.out.println("timing init=" + (built - start) / 1_000_000.0 + " request=" + (served - built) / 1_000_000.0
                + usage() + " answer=" + answer.length());
    }

    /**
     * What the process used, as the bench parses it: resident memory (kB), CPU time of all its
     * threads (ms), and the emulator's time serving its calls (ms, {@link EmulatorTime}).
     */
    public static String usage() {
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
        return " rss=" + residentKilobytes() + " cpu=" + cpu + " emulator=" + EmulatorTime.millis();
    }

    /** The process's resident memory (VmRSS), in kB; 0 where /proc is not there. */
    public static long residentKilobytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
