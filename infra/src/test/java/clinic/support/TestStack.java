package clinic.support;

import clinic.infra.Emulator;
import clinic.infra.LocalApi;
import clinic.infra.LocalResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * One emulator per test JVM (started on first use, stopped when the JVM exits) and a fresh copy
 * of the template's resources per test class, so classes never see each other's data.
 */
public final class TestStack {
    private static Emulator emulator;

    private TestStack() {}

    public static synchronized Emulator emulator() {
        if (emulator == null) {
            emulator = Emulator.resolve();
            System.out.println("[tests] AWS emulator: " + emulator.description());
            Emulator started = emulator;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    System.err.println("[tests] could not stop the emulator: " + e.getMessage());
                }
            }));
        }
        return emulator;
    }

    /** New table, user pool, client and groups, named for the test class. */
    public static LocalResources fresh(Class<?> testClass) {
        return fresh(testClass, List.of());
    }

    /** As above, with interceptors on the DynamoDB client. */
    public static LocalResources fresh(Class<?> testClass, List<ExecutionInterceptor> interceptors) {
        String name = testClass.getSimpleName().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return LocalResources.provision(emulator(), name, ZoneId.of("UTC"), interceptors);
    }

    public static LocalApi serve(LocalResources stack) {
        try {
            return LocalApi.start(stack.app(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
