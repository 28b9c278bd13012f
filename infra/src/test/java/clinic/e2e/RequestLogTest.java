package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import clinic.support.Api.Reply;
import clinic.support.EndToEndTest;
import clinic.support.LogCapture;
import clinic.support.SdkFaults;
import clinic.support.Users.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The one log line per request: its fields for a success, a 4xx and a fault, its metrics in
 * CloudWatch's Embedded Metric Format, and nothing a client sent (body, token, email, name).
 */
class RequestLogTest extends EndToEndTest {
    private static final String SECRET_PASSWORD = "Zq-secret-pass-7";
    private static final String SECRET_NAME = "Quillon Marrowbyte";
    private static final String SECRET_EMAIL = "quillon.marrow@example.org";

    /** DynamoDB's own failure, which moto never sends. */
    private final SdkFaults faults = new SdkFaults();
    private User doctor;
    private User patient;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults);
    }

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Dana Doctor");
        patient = users.patient("Pat Patient");
    }

    @Test
    void aBookingIsOneInfoLineWithItsRouteStatusRoleDurationAndABookingsMetric() {
        String day = freshDay();
        declare(doctor, day, 1);
        int mark = LogCapture.mark();
        assertThat(book(patient, doctor, day, 1).status()).isEqualTo(201);
        Map<String, Object> line = onlyLine(mark);
        assertThat(line).containsEntry("level", "INFO").containsEntry("function", "BookAppointment")
                .containsEntry("route", "POST /api/appointments").containsEntry("status", 201).containsEntry("role", "patients")
                .containsKeys("timestamp", "requestId", "apiRequestId", "durationMs").doesNotContainKeys("code", "stack");
        assertThat(line.get("apiRequestId")).isNotNull();
        assertThat(((Number) line.get("durationMs")).doubleValue()).isPositive();
        assertThat(line).containsEntry("Bookings", 1);
        assertThat(metrics(line)).containsExactly(Map.of("Namespace", "Clinic", "Dimensions", List.of(List.of("function")),
                "Metrics", List.of(Map.of("Name", "Bookings", "Unit", "Count"))));
    }

    @Test
    void aRescheduleAndACancellationEachCountTheirOwnMetric() {
        String day = freshDay();
        declare(doctor, day, 3);
        declare(doctor, day, 4);
        String path = "/api/appointments/" + book(patient, doctor, day, 3).object().get("id") + "/";

        int mark = LogCapture.mark();
        assertThat(api.put(path, patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 4)).status()).isEqualTo(200);
        Map<String, Object> moved = onlyLine(mark);
        assertThat(moved).containsEntry("function", "RescheduleAppointment").containsEntry("Reschedules", 1);
        assertThat(metrics(moved)).containsExactly(Map.of("Namespace", "Clinic", "Dimensions", List.of(List.of("function")),
                "Metrics", List.of(Map.of("Name", "Reschedules", "Unit", "Count"))));

        mark = LogCapture.mark();
        assertThat(api.delete(path, patient.token()).status()).isEqualTo(204);
        Map<String, Object> cancelled = onlyLine(mark);
        assertThat(cancelled).containsEntry("function", "CancelAppointment").containsEntry("Cancellations", 1);
        assertThat(metrics(cancelled)).containsExactly(Map.of("Namespace", "Clinic", "Dimensions", List.of(List.of("function")),
                "Metrics", List.of(Map.of("Name", "Cancellations", "Unit", "Count"))));
    }

    @Test
    void aConflictIsAnInfoLineWithItsCodeAndAConflictsMetricByCode() {
        int mark = LogCapture.mark();
        assertThat(book(patient, doctor, freshDay(), 2).status()).isEqualTo(409);
        Map<String, Object> line = onlyLine(mark);
        assertThat(line).containsEntry("level", "INFO").containsEntry("status", 409).containsEntry("code", "SLOT_UNAVAILABLE")
                .containsEntry("Conflicts", 1).doesNotContainKeys("Bookings", "stack");
        assertThat(metrics(line)).containsExactly(Map.of("Namespace", "Clinic", "Dimensions", List.of(List.of("function", "code")),
                "Metrics", List.of(Map.of("Name", "Conflicts", "Unit", "Count"))));

        int again = LogCapture.mark();
        assertThat(api.get("/api/appointments", null).status()).isEqualTo(401);
        assertThat(LogCapture.since(again)).as("the authorizer answers 401 before any function runs").isEmpty();
        assertThat(api.get("/api/timeslots/999/", patient.token()).status()).isEqualTo(404);
        assertThat(onlyLine(again)).containsEntry("status", 404).containsEntry("code", "NOT_FOUND").doesNotContainKey("_aws");
    }

    @Test
    void aFaultIsAnErrorLineWithTheStackTraceWhichTheAnswerNeverCarries() {
        int mark = LogCapture.mark();
        faults.on("GetItem").once()
                .thenThrow(call -> SdkFaults.serviceError(call, 500, "InternalServerError", "Internal server error (injected)"));
        Reply reply = api.get("/api/appointments/00000000-0000-4000-8000-000000000001/", patient.token());
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.object()).isEqualTo(Map.of("error", "Internal error", "code", "INTERNAL_ERROR"));
        Map<String, Object> line = onlyLine(mark);
        assertThat(line).containsEntry("level", "ERROR").containsEntry("function", "GetAppointment").containsEntry("status", 500)
                .containsEntry("code", "INTERNAL_ERROR").containsEntry("ServerErrors", 1)
                .containsEntry("error", DynamoDbException.class.getName());
        assertThat((String) line.get("stack")).contains("injected").contains("\n\tat clinic.store.Table");
        assertThat(reply.body()).doesNotContain("injected", "DynamoDb", "at clinic");
    }

    @Test
    void noLineHoldsABodyATokenAPasswordAnEmailOrAName() {
        int mark = LogCapture.mark();
        var signUp = Map.of("user", Map.of("username", "quillon", "email", SECRET_EMAIL, "password", SECRET_PASSWORD), "name", SECRET_NAME);
        assertThat(api.post("/api/register_patient/", null, signUp).status()).isEqualTo(201);
        assertThat(api.post("/api/register_patient/", null, signUp).status()).isEqualTo(409);
        var tokens = api.post("/api/api/token_obtain/", null, Map.of("username", "quillon", "password", SECRET_PASSWORD)).object();
        String access = (String) tokens.get("access");
        String refresh = (String) tokens.get("refresh");
        assertThat(api.post("/api/api/token_obtain/", null, Map.of("username", "quillon", "password", SECRET_PASSWORD + "x")).status())
                .isEqualTo(401);
        assertThat(api.post("/api/api/token_refresh/", null, Map.of("refresh", refresh)).status()).isEqualTo(200);
        assertThat(api.post("/api/api/token_verify/", null, Map.of("token", access)).status()).isEqualTo(200);
        assertThat(api.post("/api/api/token_verify/", null, Map.of("token", access + "tampered")).status()).isEqualTo(401);
        assertThat(api.get("/api/appointments/search/?patient=quillon", access).status()).isEqualTo(200);
        assertThat(api.post("/api/appointments/", access, "{\"doctor\": \"" + SECRET_NAME + "\", \"date\": 7}").status()).isEqualTo(400);
        assertThat(api.post("/api/appointments/", access, "{not json " + SECRET_PASSWORD).status()).isEqualTo(400);

        List<String> lines = LogCapture.since(mark);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(10);
        for (String secret : List.of(SECRET_PASSWORD, SECRET_NAME, "Quillon", SECRET_EMAIL, "quillon", access, refresh,
                access.substring(0, 20), refresh.substring(0, 20))) {
            assertThat(lines).as("lines holding " + secret).noneMatch(line -> line.contains(secret));
        }
    }

    /** The one line of the request since {@code mark}; the $default route's 308 for the seed's trailing slash is a request of its own. */
    private static Map<String, Object> onlyLine(int mark) {
        List<String> lines = LogCapture.since(mark).stream()
                .filter(line -> !(line.contains("\"route\":\"$default\"") && line.contains("\"status\":308"))).toList();
        assertThat(lines).as("log lines of one request").hasSize(1);
        return parse(lines.get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        return (Map<String, Object>) Json.parse(line);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> metrics(Map<String, Object> line) {
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        assertThat(aws).as("the line's EMF block").isNotNull();
        assertThat(aws.get("Timestamp")).isInstanceOf(Number.class);
        return (List<Object>) aws.get("CloudWatchMetrics");
    }
}
