package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.appointments.BookAppointment;
import clinic.support.EndToEndTest;
import clinic.support.SdkFaults;
import clinic.support.Users.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Pins the DynamoDB calls each operation makes, recorded by an SDK interceptor: one write call per
 * booking, cancel (with waiters too), reschedule and accepted offer; one Query per day of open slots; never a Scan. The same
 * interceptor injects the faults moto cannot produce: a lost transaction race and throttling.
 */
class SdkCallsTest extends EndToEndTest {
    private final SdkFaults faults = new SdkFaults();

    private User doctor;
    private User patient;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults);
    }

    /** Another transaction got to one of the items first. */
    private static RuntimeException lostRace(SdkFaults.Call call) {
        return TransactionCanceledException.builder().message("Transaction cancelled (injected)")
                .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build(),
                        CancellationReason.builder().code("None").build())
                .build();
    }

    /** DynamoDB throttled the call (the SDK's own retries spent). */
    private static RuntimeException throttled(SdkFaults.Call call) {
        return ProvisionedThroughputExceededException.builder().message("Rate exceeded (injected)").statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build();
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

    private List<String> callsOf(Runnable operation) {
        faults.forgetCalls();
        operation.run();
        return faults.calls();
    }

    @Test
    void bookingCancellingAndReschedulingEachMakeOneWriteAndBoundedReads() {
        String day = freshDay();
        declare(doctor, day, 1);
        declare(doctor, day, 2);
        Map<String, Object>[] appointment = new Map[1];
        assertThat(callsOf(() -> appointment[0] = booked(patient, doctor, day, 1))).containsExactly("BatchGetItem", "TransactWriteItems");
        String path = "/api/appointments/" + appointment[0].get("id") + "/";
        // Rescheduling reads the waitlist's first page for the slot it leaves, as cancelling does.
        assertThat(callsOf(() -> assertThat(api.put(path, patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 2))
                .status()).isEqualTo(200))).containsExactly("BatchGetItem", "Query", "TransactWriteItems");
        // The Query is the waitlist's first page: nobody waits, so nothing more is read.
        assertThat(callsOf(() -> assertThat(api.delete(path, patient.token()).status()).isEqualTo(204)))
                .containsExactly("GetItem", "Query", "TransactWriteItems");
    }

    /** Issue 20: recording the visit reads the appointment and writes once; a repeat of its status writes nothing. */
    @Test
    void recordingTheVisitIsOneReadAndOneWrite() {
        String day = freshDay();
        declare(doctor, day, 3);
        String path = "/api/appointments/" + booked(patient, doctor, day, 3).get("id") + "/status";
        stack.clock().set(java.time.LocalDate.parse(day).atTime(10, 5).toInstant(java.time.ZoneOffset.UTC));
        try {
            assertThat(callsOf(() -> assertThat(api.post(path, doctor.token(), Map.of("status", "noshow")).status()).isEqualTo(200)))
                    .containsExactly("GetItem", "TransactWriteItems");
            assertThat(callsOf(() -> assertThat(api.post(path, doctor.token(), Map.of("status", "noshow")).status()).isEqualTo(200)))
                    .containsExactly("GetItem");
        } finally {
            stack.clock().set(java.time.Instant.now());
        }
    }

    @Test
    void cancellingWithWaitersOffersTheSlotInTheOneWriteAndAcceptingIsOneWriteToo() {
        String day = freshDay();
        declare(doctor, day, 8);
        var appointment = booked(patient, doctor, day, 8);
        List<String> entries = new java.util.ArrayList<>();
        List<User> waiters = List.of(users.patient("Wai Ter"), users.patient("Wendy Waits"), users.patient("Will Wait"));
        for (User waiter : waiters) {
            var joined = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", day));
            assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
            entries.add((String) joined.object().get("id"));
        }
        // Read the appointment, one page of the queue, the candidates' locks at that slot; then one write.
        assertThat(callsOf(() -> assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token())
                .status()).isEqualTo(204))).containsExactly("GetItem", "Query", "BatchGetItem", "TransactWriteItems");
        User first = waiters.getFirst();
        // The entry (pointer, item) and the held availability; then one write.
        assertThat(callsOf(() -> assertThat(api.post("/api/waitlist/" + entries.getFirst() + "/accept", first.token(), Map.of())
                .status()).isEqualTo(201))).containsExactly("GetItem", "GetItem", "GetItem", "TransactWriteItems");
        assertAuditClean();
    }

    @Test
    void oneDaysOpenSlotsIsOneQueryOfSlotsAndSearchIsAQueryPerTerm() {
        String day = freshDay();
        declare(doctor, day, 3);
        declare(doctor, day, 4);
        booked(patient, doctor, day, 4);
        // A patient's list: the doctors' own booking policies (one Query of their partition), then the day's slots.
        assertThat(callsOf(() -> openSlots("date=" + day, patient))).containsExactly("Query", "Query");
        assertThat(callsOf(() -> api.get("/api/appointments/search/?doctor=dana", patient.token()))).containsExactly("Query");
        assertThat(callsOf(() -> api.get("/api/appointments/search/?doctor=dana&patient=pat", patient.token())))
                .containsExactly("Query", "Query");
        assertThat(callsOf(() -> api.get("/api/appointments/?from=" + day + "&to=" + day, patient.token()))).containsExactly("Query");
    }

    @Test
    void noRequestPathEverScans() {
        String day = freshDay();
        var availability = declare(doctor, day, 5);
        var appointment = booked(patient, doctor, day, 5);
        api.get("/api/availabilities/", patient.token());
        api.get("/api/availabilities/" + availability.get("id") + "/", patient.token());
        api.get("/api/appointments/", patient.token());
        api.get("/api/appointments/" + appointment.get("id") + "/", patient.token());
        api.get("/api/timeslots/", patient.token());
        api.get("/api/timeslots/1/", patient.token());
        api.get("/api/appointments/search/?patient=pat", doctor.token());
        api.delete("/api/appointments/" + appointment.get("id") + "/", doctor.token());
        api.delete("/api/availabilities/" + availability.get("id") + "/", doctor.token());
        assertThat(faults.calls()).isNotEmpty().doesNotContain("Scan");
    }

    @Test
    void primingBeforeASnapStartSnapshotMakesTheBookingCallsAndWritesNothing() {
        var before = stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName()).consistentRead(true)).items()
                .stream().collect(java.util.stream.Collectors.toSet());
        var calls = callsOf(() -> new BookAppointment(stack.app()).beforeCheckpoint(null));
        var after = stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName()).consistentRead(true)).items()
                .stream().collect(java.util.stream.Collectors.toSet());
        assertThat(calls).containsExactly("BatchGetItem", "TransactWriteItems");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aTransactionThatLosesARaceIsTriedAgainInsteadOfFailing() {
        String day = freshDay();
        declare(doctor, day, 6);
        faults.on("TransactWriteItems").times(2).thenThrow(SdkCallsTest::lostRace);
        List<String> calls = callsOf(() -> booked(patient, doctor, day, 6));
        assertThat(calls).containsExactly("BatchGetItem", "TransactWriteItems", "TransactWriteItems", "TransactWriteItems");
        assertAuditClean();
    }

    @Test
    void aStoreThatKeepsRefusingIsA503WithRetryAfterAndNothingWritten() {
        String day = freshDay();
        declare(doctor, day, 7);
        faults.on("TransactWriteItems").thenThrow(SdkCallsTest::lostRace);
        var reply = book(patient, doctor, day, 7);
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.code()).isEqualTo("SERVICE_BUSY");
        assertThat(reply.header("Retry-After")).hasValue("1");
        faults.clear();
        assertThat(openSlots("date=" + day, patient)).hasSize(1);

        faults.on("Query").thenThrow(SdkCallsTest::throttled);
        var throttled = api.get("/api/availabilities/?date=" + day, patient.token());
        assertThat(throttled.status()).isEqualTo(503);
        assertThat(throttled.header("Retry-After")).hasValue("1");
        assertAuditClean();
    }
}
