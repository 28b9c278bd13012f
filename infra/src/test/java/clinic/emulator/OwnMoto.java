package clinic.emulator;

import clinic.App;
import clinic.infra.CfnTemplate;
import clinic.infra.Emulator;
import clinic.infra.LocalResources;
import clinic.infra.MotoProcess;
import clinic.infra.Repo;
import clinic.infra.bench.BulkLoad;
import java.io.IOException;
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

    java.net.URI endpoint() {
        return moto.endpoint();
    }

    /** One more table like template.yaml's, named {@code name}. */
    void createTable(String name) {
        dynamo.createTable(LocalResources.tableLike(CfnTemplate.read(Repo.template()).single("AWS::DynamoDB::Table"), name).build());
    }

    /**
     * Stores items (any attribute types) through the launcher's test-only bulk load
     * (infra/moto/serialized_moto.py, BULK_PUT_PATH): ~10× faster than BatchWriteItem on moto.
     */
    void bulkPut(String table, List<Map<String, AttributeValue>> items) {
        if (!BulkLoad.put(moto.endpoint(), table, items)) {
            throw new IllegalStateException("the moto launcher has no bulk route");
        }
    }

    @Override
    public void close() {
        dynamo.close();
        moto.close();
    }
}
