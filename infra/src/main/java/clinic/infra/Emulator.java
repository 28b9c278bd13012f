package clinic.infra;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the local AWS is, resolved in one place: {@code AWS_ENDPOINT_URL} if set; else moto started
 * here through the serialized launcher; else LocalStack in Docker through Testcontainers; else a
 * message saying what to install.
 */
public final class Emulator implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private final URI endpoint;
    private final String description;
    private final AutoCloseable owned;

    private Emulator(URI endpoint, String description, AutoCloseable owned) {
        this.endpoint = endpoint;
        this.description = description;
        this.owned = owned;
    }

    public static Emulator resolve() {
        return resolve("127.0.0.1");
    }

    /** As above, with a moto started here listening on {@code host} (0.0.0.0: reachable from a phone). */
    public static Emulator resolve(String host) {
        String configured = System.getenv("AWS_ENDPOINT_URL");
        if (configured != null && !configured.isBlank()) {
            return new Emulator(URI.create(configured), "the emulator at AWS_ENDPOINT_URL=" + configured, null);
        }
        if (MotoProcess.available()) {
            try {
                MotoProcess moto = MotoProcess.start(host);
                return new Emulator(moto.endpoint(), "moto (serialized) at " + moto.endpoint() + ", pid " + moto.pid(), moto);
            } catch (Exception e) {
                throw new IllegalStateException("moto is installed but did not start: " + e.getMessage(), e);
            }
        }
        if (dockerAvailable()) {
            // Cognito is in LocalStack's paid edition: set LOCALSTACK_AUTH_TOKEN. Not exercised on the project's machines.
            LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack-pro:3.8"))
                    .withServices(LocalStackContainer.EnabledService.named("dynamodb"), LocalStackContainer.EnabledService.named("cognito-idp"))
                    .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""));
            localstack.start();
            return new Emulator(localstack.getEndpoint(), "LocalStack in Docker at " + localstack.getEndpoint(), localstack::stop);
        }
        throw new IllegalStateException("""
                No AWS emulator found. Do one of these:
                  - install moto:   pip install "moto[server]"   (python3 must then import moto)
                  - start Docker, so LocalStack can run through Testcontainers
                  - point AWS_ENDPOINT_URL at an emulator you run yourself""");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }
}
