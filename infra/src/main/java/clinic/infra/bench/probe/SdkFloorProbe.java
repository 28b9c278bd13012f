package clinic.infra.bench.probe;

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
 * The SDK's own floor for a cold write: a bare DynamoDbClient (url-connection client, static
 * credentials) sending one TransactWriteItems with one Put. Args: endpoint, region, table, key,
 * and optionally {@code read-first} to send one BatchGetItem before it, as a booking does.
 */
public final class SdkFloorProbe {
    private SdkFloorProbe() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        long built;
        try (DynamoDbClient client = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(args[0]))
                .region(Region.of(args[1]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            built = System.nanoTime();
            Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("FLOOR#" + args[3]), "SK", AttributeValue.fromS("FLOOR"));
            if (args.length > 4 && args[4].equals("read-first")) {
                // the booking's shape: one BatchGetItem read before the write
                client.batchGetItem(r -> r.requestItems(Map.of(args[2], KeysAndAttributes.builder().keys(key).consistentRead(true).build())));
            }
            client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(Put.builder().tableName(args[2])
                    .item(key).build()).build()));
        }
        long served = System.nanoTime();
        System.out.println("timing init=" + (built - start) / 1_000_000.0 + " request=" + (served - built) / 1_000_000.0
                + " rss=" + residentKilobytes());
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
