package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.SdkFaults;
import clinic.support.Users.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Values DynamoDB would refuse never reach it: an id that is not shaped like one the service
 * issues is a 404 (path) or 400 (body, query) with no SDK call at all, however long or odd. moto
 * enforces none of DynamoDB's key limits (2,048 bytes for a partition key, 1,024 for a sort key),
 * so the proof is the recorded calls. And a {@code ValidationException} that still arrives, as
 * DynamoDB sends for an oversized key, is a 400, not a 500: injected here through the same
 * interceptor, since moto never sends one.
 */
class KeyLimitsTest extends EndToEndTest {
    /** Records every call; refuses one with a validation error when told, as DynamoDB would. */
    private final SdkFaults faults = new SdkFaults();

    private static final String LONG = "a".repeat(3000);
    private static final List<String> ODD_IDS = List.of(LONG, "00000000-0000-4000-8000-00000000000G",
            "00000000-0000-4000-8000-00000000000A", "..%2F..", "x#SLOT#2030-01-01", "%00", "ab");

    private User doctor;
    private User patient;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults);
    }

    /** What DynamoDB answers for a key over its limits: a ValidationException, or in a transaction a ValidationError reason. */
    private static RuntimeException refusal(SdkFaults.Call call) {
        if (call.operation().equals("TransactWriteItems")) {
            return TransactionCanceledException.builder().message("Transaction cancelled (injected)").statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").build())
                    .cancellationReasons(CancellationReason.builder().code("None").build(),
                            CancellationReason.builder().code("ValidationError")
                                    .message("Item size has exceeded the maximum allowed size").build())
                    .build();
        }
        return SdkFaults.serviceError(call, 400, "ValidationException",
                "One or more parameter values were invalid: Hash primary key values must be under 2048 bytes (injected)");
    }

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Dana Doctor");
        patient = users.patient("Pat Patient");
    }

    @BeforeEach
    void clear() {
        faults.clear();
    }

    private Api.Reply withoutCalls(Supplier<Api.Reply> request) {
        faults.forgetCalls();
        Api.Reply reply = request.get();
        assertThat(faults.calls()).as("SDK calls for %s", reply).isEmpty();
        return reply;
    }

    /** As a path segment: percent-encoded, so the id arrives as it is. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void aPathIdOfAnyOtherShapeIsA404WithoutAnyCall() {
        String day = freshDay();
        for (String odd : ODD_IDS) {
            String id = segment(odd);
            assertThat(withoutCalls(() -> api.get("/api/appointments/" + id + "/", patient.token())).status()).isEqualTo(404);
            assertThat(withoutCalls(() -> api.delete("/api/appointments/" + id + "/", patient.token())).status()).isEqualTo(404);
            assertThat(withoutCalls(() -> api.put("/api/appointments/" + id + "/", patient.token(),
                    Map.of("doctor", doctor.id(), "date", day, "time_slot", 1))).status()).isEqualTo(404);
            assertThat(withoutCalls(() -> api.get("/api/availabilities/" + id + "/", patient.token())).status()).isEqualTo(404);
            assertThat(withoutCalls(() -> api.put("/api/availabilities/" + id + "/", doctor.token(),
                    Map.of("date", day, "time_slot", 1, "is_available", false))).status()).isEqualTo(404);
            assertThat(withoutCalls(() -> api.delete("/api/availabilities/" + id + "/", doctor.token())).status()).isEqualTo(404);
        }
        assertThat(withoutCalls(() -> api.get("/api/timeslots/" + LONG + "/", patient.token())).status()).isEqualTo(404);
    }

    @Test
    void aDoctorIdOfAnyOtherShapeInABodyOrQueryIsA400WithoutAnyCall() {
        String day = freshDay();
        for (String id : ODD_IDS) {
            var booking = withoutCalls(() -> api.post("/api/appointments/", patient.token(),
                    Map.of("doctor", id, "date", day, "time_slot", 1)));
            assertThat(booking.status()).isEqualTo(400);
            assertThat(booking.fields()).containsKey("doctor");
            var listing = withoutCalls(() -> api.get("/api/availabilities/?doctor=" + segment(id), patient.token()));
            assertThat(listing.status()).isEqualTo(400);
            assertThat(listing.fields()).containsKey("doctor");
        }
        var cursor = withoutCalls(() -> api.get("/api/appointments/?cursor=" + LONG, patient.token()));
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.fields()).containsKey("cursor");
    }

    @Test
    void aValidationExceptionFromDynamoDbIsA400AndChangesNothing() {
        String day = freshDay();
        var availability = declare(doctor, day, 2);
        var appointment = booked(patient, doctor, day, 2);

        faults.on("GetItem").once().thenThrow(KeyLimitsTest::refusal);
        int mark = clinic.support.LogCapture.mark();
        var read = api.get("/api/appointments/" + appointment.get("id") + "/", patient.token());
        assertThat(read.status()).as(read.toString()).isEqualTo(400);
        assertThat(read.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(read.body()).doesNotContain("2048").doesNotContain("injected");
        // The answer says nothing of it; the request's one log line names the gap, at WARN.
        assertThat(clinic.support.LogCapture.since(mark)).as("the request's log line")
                .filteredOn(line -> line.contains("\"function\":\"GetAppointment\"")).singleElement()
                .satisfies(line -> assertThat(line).contains("\"level\":\"WARN\"", "\"status\":400", "DynamoDbException", "injected"));

        faults.on("TransactWriteItems").once().thenThrow(KeyLimitsTest::refusal);
        var cancel = api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token());
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(400);
        assertThat(cancel.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(api.get("/api/appointments/" + appointment.get("id") + "/", patient.token()).object())
                .containsEntry("status", "booked");

        faults.on("Query").once().thenThrow(KeyLimitsTest::refusal);
        var list = api.get("/api/availabilities/?date=" + day, patient.token());
        assertThat(list.status()).as(list.toString()).isEqualTo(400);
        assertThat(availability).containsKey("id");
        assertAuditClean();
    }
}
