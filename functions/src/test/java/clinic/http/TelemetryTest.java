package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Conflicts;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request line's level, metrics and priming rules, and a hook that never throws. */
class TelemetryTest {
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void collect() {
        Telemetry.sink(lines::add);
    }

    @AfterEach
    void restore() {
        Telemetry.sink(System.out::println);
    }

    private static class Booking extends ApiHandler {
        private final Function<Request, Response> operation;

        Booking(Function<Request, Response> operation) {
            this.operation = operation;
        }

        @Override
        protected Response handle(Request request) {
            return operation.apply(request);
        }

        @Override
        protected String successMetric() {
            return "Bookings";
        }

        @Override
        protected List<APIGatewayV2HTTPEvent> primingRequests() {
            return List.of(Priming.request("POST /api/appointments").body("{}").event());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> line(int i) {
        return (Map<String, Object>) Json.parse(lines.get(i));
    }

    @Test
    void aSuccessCountsTheOperationAndAnErrorCountsNothingButItsKind() {
        APIGatewayV2HTTPEvent event = Priming.request("POST /api/appointments").event();
        new Booking(r -> Response.created(Map.of())).handleRequest(event, null);
        new Booking(r -> { throw Conflicts.slotUnavailable(); }).handleRequest(event, null);
        new Booking(r -> { throw new IllegalStateException("boom"); }).handleRequest(event, null);

        assertThat(line(0)).containsEntry("level", "INFO").containsEntry("Bookings", 1).containsKey("_aws");
        assertThat(line(1)).containsEntry("level", "INFO").containsEntry("Conflicts", 1).doesNotContainKey("Bookings");
        assertThat(line(2)).containsEntry("level", "ERROR").containsEntry("ServerErrors", 1).doesNotContainKey("Bookings")
                .containsEntry("error", "java.lang.IllegalStateException");
    }

    @Test
    void aRefusalThatValidationShouldHaveStoppedIsAWarnLineNamingItsCause() {
        APIGatewayV2HTTPEvent event = Priming.request("POST /api/appointments").event();
        new Booking(r -> {
            throw clinic.domain.Problem.Invalid.refused("request", "a value is too long or not acceptable",
                    new IllegalArgumentException("key too long (from the store)"));
        }).handleRequest(event, null);
        assertThat(line(0)).containsEntry("level", "WARN").containsEntry("status", 400).containsEntry("code", "VALIDATION_ERROR")
                .containsEntry("error", "java.lang.IllegalArgumentException").containsEntry("detail", "key too long (from the store)")
                .doesNotContainKey("stack");
    }

    @Test
    void aWarningIsOneJsonLineWithItsSourceAndDetails() {
        Telemetry.warning("Publisher", "event not published; the stream will retry it", Map.of("eventId", "e-1"));
        assertThat(line(0)).containsEntry("level", "WARN").containsEntry("source", "Publisher").containsEntry("eventId", "e-1")
                .containsEntry("message", "event not published; the stream will retry it").containsKey("timestamp");
    }

    @Test
    void primingIsLoggedAsSuchAndCountsInNoMetric() {
        new Booking(r -> { throw Conflicts.slotUnavailable(); }).beforeCheckpoint(null);
        assertThat(lines).hasSize(1);
        assertThat(line(0)).containsEntry("priming", true).containsEntry("status", 409)
                .doesNotContainKeys("_aws", "Conflicts");
    }

    @Test
    void aHookWhosePrimingFailsLogsTheFaultAndReturns() {
        ApiHandler failing = new Booking(r -> Response.ok(Map.of())) {
            @Override
            protected void prime() {
                throw new IllegalStateException("denied");
            }
        };
        failing.beforeCheckpoint(null);
        assertThat(line(0)).containsEntry("level", "ERROR").containsEntry("message", "SnapStart priming failed; snapshot taken without it");
        assertThat((String) line(0).get("stack")).startsWith("java.lang.IllegalStateException: denied\n\tat ");
    }

    @Test
    void aHookWhosePrimingOrViewsFailWithAnErrorLogsBothAndReturns() {
        // An Error, not an exception: a class missing from the function's jar is what a deploy can bring.
        ApiHandler broken = new Booking(r -> Response.ok(Map.of())) {
            @Override
            protected void prime() {
                throw new NoClassDefFoundError("software/amazon/awssdk/services/Missing");
            }

            @Override
            protected List<Object> primingViews() {
                throw new ExceptionInInitializerError("a view's class failed to initialize");
            }
        };
        broken.beforeCheckpoint(null);
        assertThat(lines).hasSize(2);
        assertThat(line(0)).containsEntry("level", "ERROR").containsEntry("error", "java.lang.NoClassDefFoundError");
        assertThat(line(1)).containsEntry("level", "ERROR").containsEntry("error", "java.lang.ExceptionInInitializerError")
                .containsEntry("message", "SnapStart priming of views failed; snapshot taken without it");
    }

    @Test
    void aDeepStackIsCutToFortyFramesACause() {
        StackTraceElement[] deep = new StackTraceElement[100];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = new StackTraceElement("clinic.Deep", "call" + i, "Deep.java", i);
        }
        RuntimeException fault = new RuntimeException("deep");
        fault.setStackTrace(deep);
        String trace = Telemetry.stackTrace(fault);
        assertThat(trace.lines().filter(l -> l.startsWith("\tat ")).count()).isEqualTo(40);
        assertThat(trace).endsWith("\t... 60 more");
    }
}
