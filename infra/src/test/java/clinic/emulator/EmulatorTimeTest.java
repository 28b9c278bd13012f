package clinic.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.App;
import clinic.infra.Emulator;
import clinic.infra.bench.probe.EmulatorTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The launcher answers every request with the time it spent serving it, and the bench's
 * {@link EmulatorTime} interceptor adds those times up: what lets the cold start be read without
 * the emulator's share.
 */
class EmulatorTimeTest {
    private static OwnMoto moto;
    private static DynamoDbClient timed;

    @BeforeAll
    static void start() throws Exception {
        moto = OwnMoto.patched();
        timed = App.configure(DynamoDbClient.builder(), moto.endpoint())
                .region(Region.of(Emulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new EmulatorTime()))
                .build();
    }

    @AfterAll
    static void stop() {
        if (timed != null) {
            timed.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void everyCallAddsTheTimeTheEmulatorSaysItSpentOnIt() {
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("TIMED"), "SK", AttributeValue.fromS("1"));
        double before = EmulatorTime.millis();
        timed.putItem(r -> r.tableName(OwnMoto.TABLE).item(key));
        double afterPut = EmulatorTime.millis();
        timed.getItem(r -> r.tableName(OwnMoto.TABLE).key(key));
        double afterGet = EmulatorTime.millis();

        assertThat(afterPut).as("a PutItem's time").isGreaterThan(before);
        assertThat(afterGet).as("a GetItem's time").isGreaterThan(afterPut);
        // Serving one small item takes the emulator well under a second; a header in the wrong unit would not.
        assertThat(afterGet - before).isLessThan(1_000);
    }
}
