package clinic.support;

import clinic.infra.CfnTemplate;
import clinic.infra.Emulator;
import clinic.infra.LocalApi;
import clinic.infra.LocalResources;
import clinic.infra.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * One emulator per test JVM (started on first use, stopped when the JVM exits) and a fresh copy
 * of the template's resources per test class, so classes never see each other's data.
 */
public final class TestStack {
    private static final CfnTemplate TEMPLATE = CfnTemplate.read(Repo.template());
    private static final IamCalls SUITE_CALLS = new IamCalls(TEMPLATE.handlers());
    private static final DynamoDbLimits LIMITS = new DynamoDbLimits();
    private static Emulator emulator;

    private TestStack() {}

    public static synchronized Emulator emulator() {
        if (emulator == null) {
            LogCapture.install();
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

    /** As above, with interceptors on the DynamoDB, Cognito and EventBridge clients (and the suite's IAM recorder). */
    public static LocalResources fresh(Class<?> testClass, List<ExecutionInterceptor> interceptors) {
        return fresh(testClass, interceptors, ZoneId.of("UTC"));
    }

    /** As above, in a clinic time zone of the test's choosing. */
    public static LocalResources fresh(Class<?> testClass, List<ExecutionInterceptor> interceptors, ZoneId zone) {
        return fresh(testClass, interceptors, zone, Map.of());
    }

    /** As above, with template settings of the test's choosing ({@link LocalResources#provision}). */
    public static LocalResources fresh(Class<?> testClass, List<ExecutionInterceptor> interceptors, ZoneId zone,
                                       Map<String, String> settings) {
        String name = testClass.getSimpleName().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
        all.add(SUITE_CALLS);
        all.add(LIMITS);
        LocalResources stack = LocalResources.provision(emulator(), name, zone, all, settings);
        SUITE_CALLS.name(stack.config().tableName(), "Table").name(stack.config().userPoolId(), "UserPool")
                .name(stack.events().bus(), "EventBus").name(stack.config().scheduleGroup(), "ScheduleGroup")
                .name(stack.config().schedulerRoleArn(), "SchedulerRole").name(LocalResources.SENDER, "NotificationSender");
        return stack;
    }

    /** Every DynamoDB call of the suite so far that passed one of DynamoDB's limits (refused, as DynamoDB would). */
    public static List<String> limitBreaches() {
        return LIMITS.breaches();
    }

    /**
     * What every function's calls needed, in every class of the suite so far, checked against
     * template.yaml's grants after each class (nothing missing); IamGrantsTest checks, on its own,
     * that nothing granted goes unused.
     */
    public static Map<String, Set<IamCalls.Permission>> missingGrants() {
        Map<String, Set<IamCalls.Permission>> granted = IamGrants.of(TEMPLATE);
        Map<String, Set<IamCalls.Permission>> missing = new TreeMap<>();
        SUITE_CALLS.needs().forEach((function, needs) -> {
            Set<IamCalls.Permission> lacking = new TreeSet<>(needs);
            lacking.removeAll(granted.getOrDefault(function, Set.of()));
            if (!lacking.isEmpty()) {
                missing.put(function, lacking);
            }
        });
        return missing;
    }

    public static LocalApi serve(LocalResources stack) {
        try {
            return LocalApi.start(stack.app(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
