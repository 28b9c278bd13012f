package clinic.infra;

import clinic.App;
import clinic.http.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./dev events}: prints the booking events the running {@code ./dev up} publishes, as the
 * bus delivers them to the local tap. {@code ./dev up} leaves the emulator's address and the tap's
 * queue in {@code target/dev-up.properties} (removed when it stops).
 */
final class LocalEventsTail {
    private static final Path STATE = Repo.root().resolve("target/dev-up.properties");

    private LocalEventsTail() {}

    static void remember(Emulator emulator, LocalEvents events) {
        Properties state = new Properties();
        state.setProperty("endpoint", emulator.endpoint().toString());
        state.setProperty("tap", events.tapQueueUrl());
        state.setProperty("bus", events.bus());
        try {
            Files.createDirectories(STATE.getParent());
            try (var out = Files.newBufferedWriter(STATE)) {
                state.store(out, "written by ./dev up, read by ./dev events");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void forget() {
        try {
            Files.deleteIfExists(STATE);
        } catch (IOException e) {
            System.err.println("Could not remove " + STATE + ": " + e.getMessage());
        }
    }

    /** What the running {@code ./dev up} of this checkout wrote down about its stack; exits with a message when none runs. */
    static Properties runningStack() throws IOException {
        if (!Files.exists(STATE)) {
            System.err.println("No ./dev up is running from this checkout (no " + STATE + "). Start one first.");
            System.exit(1);
        }
        Properties state = new Properties();
        try (var in = Files.newBufferedReader(STATE)) {
            state.load(in);
        }
        return state;
    }

    /** Follows the tap until interrupted, one line per event: time, type, event id, then the detail as JSON. */
    static void follow(PrintStream out) throws IOException {
        Properties state = runningStack();
        SqsClient sqs = App.configure(SqsClient.builder(), java.net.URI.create(state.getProperty("endpoint")))
                .region(Region.of(Emulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        out.println("Events on bus " + state.getProperty("bus") + " (Ctrl-C to stop):");
        while (true) {
            for (Map<String, Object> event : LocalEvents.delivered(sqs, state.getProperty("tap"), Duration.ofSeconds(10))) {
                Map<?, ?> detail = (Map<?, ?>) event.get("detail");
                out.println(event.get("time") + "  " + event.get("detail-type") + "  " + detail.get("eventId"));
                out.println("  " + Json.write(detail));
            }
        }
    }
}
