package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.appointments.AppointmentService;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.HalfSeen;
import clinic.support.Race;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An Idempotency-Key over HTTP with the stack's clock moved: it replays only within its window
 * (DynamoDB's TTL deletes the record up to days late, so the expiry is checked, not trusted to the
 * TTL), a key past it books anew, and a replay answers the booking as it is now.
 */
class IdempotencyKeyTest extends EndToEndTest {
    private static final Duration PAST_THE_WINDOW = AppointmentService.IDEMPOTENCY_TTL.plusMinutes(1);

    private final HalfSeen halfSeen = new HalfSeen();
    private User doctor;
    private int days = 20;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(halfSeen);
    }

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Ida Empotent");
    }

    /** A date far enough ahead that it is still to come after the clock has been moved a few days on. */
    private String laterDay() {
        return LocalDate.now(stack.clock()).plusDays(days++).toString();
    }

    private Api.Reply bookWithKey(User patient, String day, int slot, String key) {
        return api.send("POST", "/api/appointments/", patient.token(),
                Map.of("doctor", doctor.id(), "date", day, "time_slot", slot), Map.of("Idempotency-Key", key));
    }

    private List<Map<String, Object>> appointmentsOf(User patient, String day) {
        var reply = api.get("/api/appointments/?from=" + day + "&to=" + day, patient.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    @Test
    void aKeyPastItsWindowBooksAnewInsteadOfReplayingTheOldBooking() {
        User patient = users.patient("Late Retrier");
        String day = laterDay();
        declare(doctor, day, 1);
        declare(doctor, day, 2);
        var first = bookWithKey(patient, day, 1, "reused-key");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        stack.clock().advance(PAST_THE_WINDOW);

        var other = bookWithKey(patient, day, 2, "reused-key");
        assertThat(other.status()).as("the old record is expired: a new request, not a reuse; " + other).isEqualTo(201);
        assertThat(other.object().get("id")).isNotEqualTo(first.object().get("id"));
        assertThat(other.object()).containsEntry("time_slot", 2);
        var replay = bookWithKey(patient, day, 2, "reused-key");
        assertThat(replay.status()).as("the new booking's record replaced the old: " + replay).isEqualTo(201);
        assertThat(replay.object().get("id")).isEqualTo(other.object().get("id"));
        assertThat(appointmentsOf(patient, day)).hasSize(2);
        assertAuditClean();
    }

    /**
     * A retry racing its first request's commit: the booking's read (a BatchGetItem, read-committed,
     * not a snapshot) can show that request's booking, the slot taken, without its key's record. The
     * retry answers the booking its key made, not 409 SLOT_UNAVAILABLE for it.
     */
    @Test
    void aRetryThatSeesItsOwnBookingButNotYetItsKeyReplaysIt() {
        User patient = users.patient("Impatient Retrier");
        String day = laterDay();
        declare(doctor, day, 4);
        var first = bookWithKey(patient, day, 4, "racing-key");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        halfSeen.nextReadWithout("IDEMPOTENCY#" + patient.id() + "#racing-key", "IDEMPOTENCY");
        var retry = bookWithKey(patient, day, 4, "racing-key");

        assertThat(halfSeen.dropped()).as("the retry's read showed the booking without the key").isTrue();
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.object().get("id")).isEqualTo(first.object().get("id"));
        assertThat(appointmentsOf(patient, day)).hasSize(1);
        assertAuditClean();
    }

    @Test
    void withinItsWindowAKeyStillReplays() {
        User patient = users.patient("Quick Retrier");
        String day = laterDay();
        declare(doctor, day, 3);
        var first = bookWithKey(patient, day, 3, "fresh-key");
        stack.clock().advance(AppointmentService.IDEMPOTENCY_TTL.minusMinutes(1));
        var replay = bookWithKey(patient, day, 3, "fresh-key");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.object().get("id")).isEqualTo(first.object().get("id"));
        assertThat(appointmentsOf(patient, day)).hasSize(1);
    }

    @Test
    void racingRequestsWithTheSameExpiredKeyBookOnce() throws Exception {
        try (Race race = new Race(4)) {
            for (int round = 0; round < 3; round++) {
                User patient = users.patient("Racing Retrier " + round);
                String day = laterDay();
                declare(doctor, day, 4);
                declare(doctor, day, 5);
                String key = "race-key-" + round;
                assertThat(bookWithKey(patient, day, 4, key).status()).isEqualTo(201);
                stack.clock().advance(PAST_THE_WINDOW);

                Supplier<Api.Reply> again = () -> bookWithKey(patient, day, 5, key);
                List<Api.Reply> replies = race.run(Collections.nCopies(4, again));

                assertThat(replies).extracting(Api.Reply::status).as(replies.toString()).containsOnly(201);
                assertThat(replies).extracting(r -> r.object().get("id")).as("one booking, replayed to the others")
                        .containsOnly(replies.getFirst().object().get("id"));
                assertThat(appointmentsOf(patient, day)).hasSize(2);
                assertAuditClean();
            }
        }
    }

    @Test
    void aReplayOfABookingCancelledSinceIs409AppointmentCancelledNamingIt() {
        User patient = users.patient("Cancelled Meanwhile");
        String day = laterDay();
        declare(doctor, day, 6);
        var first = bookWithKey(patient, day, 6, "cancelled-key");
        String id = (String) first.object().get("id");
        assertThat(api.delete("/api/appointments/" + id + "/", patient.token()).status()).isEqualTo(204);

        var replay = bookWithKey(patient, day, 6, "cancelled-key");

        assertThat(replay.status()).as(replay.toString()).isEqualTo(409);
        assertThat(replay.code()).isEqualTo("APPOINTMENT_CANCELLED");
        assertThat(replay.body()).contains(id);
        assertThat(appointmentsOf(patient, day)).extracting(a -> a.get("status")).containsOnly("cancelled");
    }

    @Test
    void aReplayOfABookingMovedSinceAnswersItWhereItIsNow() {
        User patient = users.patient("Moved Meanwhile");
        String day = laterDay();
        declare(doctor, day, 7);
        declare(doctor, day, 8);
        var first = bookWithKey(patient, day, 7, "moved-key");
        String id = (String) first.object().get("id");
        var moved = api.put("/api/appointments/" + id + "/", patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 8));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        var replay = bookWithKey(patient, day, 7, "moved-key");

        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.object()).containsEntry("id", id).containsEntry("time_slot", 8).containsEntry("status", "booked");
        assertThat(appointmentsOf(patient, day)).hasSize(1);
    }
}
