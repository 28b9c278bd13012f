package clinic.infra.bench;

import clinic.store.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/**
 * Loads test and benchmark data through the serialized moto launcher's test-only bulk route
 * ({@value #PATH}, infra/moto/serialized_moto.py): a request per {@value #CHUNK} items instead of
 * one BatchWriteItem per 25, ~10× faster on moto. The items are the service's own: a store's bulk
 * writes run against a client that captures them instead of sending them.
 */
public final class BulkLoad {
    public static final String PATH = "/_test_only/dynamodb/bulk_put";
    private static final int CHUNK = 20_000;

    private BulkLoad() {}

    /**
     * The items {@code writes} would store with BatchWriteItem through a {@link Table} named
     * {@code table}, captured and not sent (for a store's bulkLoad, which writes nothing else).
     */
    public static List<Map<String, AttributeValue>> capture(String table, Consumer<Table> writes) {
        Capturing client = new Capturing();
        writes.accept(new Table(client, table));
        return client.items;
    }

    /**
     * Stores {@code items} in {@code table} through the route; false, having stored nothing, if the
     * emulator at {@code endpoint} has no such route (not the serialized moto launcher).
     */
    public static boolean put(URI endpoint, String table, List<Map<String, AttributeValue>> items) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int from = 0; from < Math.max(1, items.size()); from += CHUNK) {
                String body = body(table, items.subList(from, Math.min(items.size(), from + CHUNK)));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(PATH))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                boolean refusedByRoute = response.statusCode() == 400 && response.body().startsWith("{\"message\"");
                if (from == 0 && response.statusCode() != 200 && !refusedByRoute) {
                    return false; // another emulator's answer to a path it does not have
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("bulk load refused: " + response.statusCode() + " " + response.body());
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while bulk loading", e);
        }
    }

    /** The route's body: {"TableName": ..., "Items": [...]}, each item in PutItem's JSON. */
    static String body(String table, List<Map<String, AttributeValue>> items) {
        StringBuilder json = new StringBuilder(items.size() * 400).append("{\"TableName\":");
        string(json, table).append(",\"Items\":[");
        for (int i = 0; i < items.size(); i++) {
            json.append(i == 0 ? "" : ",");
            item(json, items.get(i));
        }
        return json.append("]}").toString();
    }

    private static void item(StringBuilder json, Map<String, AttributeValue> item) {
        json.append('{');
        boolean first = true;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            string(json.append(first ? "" : ","), attribute.getKey()).append(':');
            value(json, attribute.getValue());
            first = false;
        }
        json.append('}');
    }

    private static void value(StringBuilder json, AttributeValue v) {
        switch (v.type()) {
            case S -> string(json.append("{\"S\":"), v.s());
            case N -> string(json.append("{\"N\":"), v.n());
            case B -> string(json.append("{\"B\":"), base64(v.b()));
            case BOOL -> json.append("{\"BOOL\":").append(v.bool());
            case NUL -> json.append("{\"NULL\":true");
            case M -> {
                json.append("{\"M\":");
                item(json, v.m());
            }
            case L -> {
                json.append("{\"L\":[");
                for (int i = 0; i < v.l().size(); i++) {
                    value(json.append(i == 0 ? "" : ","), v.l().get(i));
                }
                json.append(']');
            }
            case SS -> strings(json.append("{\"SS\":"), v.ss());
            case NS -> strings(json.append("{\"NS\":"), v.ns());
            case BS -> strings(json.append("{\"BS\":"), v.bs().stream().map(BulkLoad::base64).toList());
            default -> throw new IllegalArgumentException("an attribute value of no known type: " + v);
        }
        json.append('}');
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    private static void strings(StringBuilder json, Collection<String> values) {
        json.append('[');
        boolean first = true;
        for (String s : values) {
            string(json.append(first ? "" : ","), s);
            first = false;
        }
        json.append(']');
    }

    private static StringBuilder string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    /** A client whose only call is BatchWriteItem, which it records and answers as fully processed. */
    private static final class Capturing implements DynamoDbClient {
        final List<Map<String, AttributeValue>> items = new ArrayList<>();

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            request.requestItems().values().forEach(writes -> writes.forEach(w -> {
                if (w.putRequest() == null) {
                    throw new UnsupportedOperationException("only puts can be bulk loaded: " + w);
                }
                items.add(w.putRequest().item());
            }));
            return BatchWriteItemResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }
}
