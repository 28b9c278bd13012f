package clinic.emulator;

import clinic.App;
import clinic.infra.CfnTemplate;
import clinic.infra.Emulator;
import clinic.infra.LocalResources;
import clinic.infra.MotoProcess;
import clinic.infra.Repo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A moto process of the test's own (not the shared one: these tests fill it with 100,000 items,
 * or run it unpatched) holding one table built from template.yaml's table properties.
 */
final class OwnMoto implements AutoCloseable {
    static final String TABLE = "table";

    private final MotoProcess moto;
    private final DynamoDbClient dynamo;

    private OwnMoto(MotoProcess moto) {
        this.moto = moto;
        this.dynamo = App.configure(DynamoDbClient.builder(), moto.endpoint())
                .region(Region.of(Emulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        createTable(TABLE);
    }

    static OwnMoto patched() throws IOException {
        requireMoto();
        return new OwnMoto(MotoProcess.start());
    }

    static OwnMoto unpatched() throws IOException {
        requireMoto();
        return new OwnMoto(MotoProcess.startUnpatched());
    }

    private static void requireMoto() {
        if (!MotoProcess.available()) {
            System.out.println("[tests] SKIPPED: these tests check the moto launcher, and python3 cannot import moto here");
        }
        Assumptions.assumeTrue(MotoProcess.available(), "python3 cannot import moto: the moto launcher cannot be tested here");
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    /** One more table like template.yaml's, named {@code name}. */
    void createTable(String name) {
        dynamo.createTable(LocalResources.tableLike(CfnTemplate.read(Repo.template()).single("AWS::DynamoDB::Table"), name).build());
    }

    /**
     * Stores string-valued items in one request through the launcher's test-only bulk load
     * (infra/moto/serialized_moto.py, BULK_PUT_PATH): ~10× faster than BatchWriteItem on moto.
     */
    void bulkPut(String table, List<Map<String, AttributeValue>> items) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"TableName\":").append(json(table)).append(",\"Items\":[");
        for (int i = 0; i < items.size(); i++) {
            body.append(i == 0 ? "{" : ",{");
            boolean first = true;
            for (Map.Entry<String, AttributeValue> attribute : items.get(i).entrySet()) {
                if (attribute.getValue().s() == null) {
                    throw new IllegalArgumentException("bulkPut takes string attributes only: " + attribute);
                }
                body.append(first ? "" : ",").append(json(attribute.getKey())).append(":{\"S\":")
                        .append(json(attribute.getValue().s())).append('}');
                first = false;
            }
            body.append('}');
        }
        body.append("]}");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(moto.endpoint().resolve("/_test_only/dynamodb/bulk_put"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("bulk load refused: " + response.statusCode() + " " + response.body());
            }
        }
    }

    private static String json(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        dynamo.close();
        moto.close();
    }
}
