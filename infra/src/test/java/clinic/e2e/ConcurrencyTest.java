package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Race;
import clinic.support.Users.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Real threads, released together by a barrier, against the local API (which serves them
 * concurrently) and the emulator (which, like DynamoDB, serializes writes). Every round ends with
 * the audit finding no breach of rules 1-4.
 */
class ConcurrencyTest extends EndToEndTest {
    private static final int PATIENTS = 20;
    private final List<User> patients = new ArrayList<>();
    private User grey;
    private User shepherd;
    private Race race;

    @BeforeAll
    void signIn() {
        grey = users.doctor("Meredith Grey");
        shepherd = users.doctor("Derek Shepherd");
        for (int i = 0; i < PATIENTS; i++) {
            patients.add(users.patient("Patient " + i));
        }
        race = new Race(PATIENTS);
    }

    @AfterAll
    void stopPool() {
        race.close();
    }

    private static long count(List<Api.Reply> replies, int status) {
        return replies.stream().filter(r -> r.status() == status).count();
    }

    @RepeatedTest(5)
    void twentyPatientsRacingForOneSlotMakeExactlyOneBooking() throws Exception {
        String day = freshDay();
        declare(grey, day, 1);
        List<Supplier<Api.Reply>> calls = patients.stream().<Supplier<Api.Reply>>map(p -> () -> book(p, grey, day, 1)).toList();
        List<Api.Reply> replies = race.run(calls);

        assertThat(count(replies, 201)).as(replies.toString()).isEqualTo(1);
        assertThat(count(replies, 409)).isEqualTo(PATIENTS - 1);
        assertThat(replies).filteredOn(r -> r.status() == 409).allSatisfy(r -> assertThat(r.code()).isEqualTo("SLOT_UNAVAILABLE"));
        assertThat(api.get("/api/appointments/?from=" + day + "&to=" + day, users.admin().token()).array()).hasSize(1);
        assertAuditClean();
    }

    @RepeatedTest(5)
    void onePatientBookingTwoDoctorsInTheSameSlotAtOnceGetsOne() throws Exception {
        String day = freshDay();
        declare(grey, day, 2);
        declare(shepherd, day, 2);
        User patient = patients.get(0);
        List<Api.Reply> replies = race.run(List.of(() -> book(patient, grey, day, 2), () -> book(patient, shepherd, day, 2)));

        assertThat(count(replies, 201)).as(replies.toString()).isEqualTo(1);
        assertThat(replies).filteredOn(r -> r.status() != 201).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo("PATIENT_BUSY"));
        assertThat(openSlots("date=" + day, patient)).hasSize(1);
        assertAuditClean();
    }

    @RepeatedTest(5)
    void aCancelRacingABookingOfTheSameSlotLeavesItEitherBookedByTheNewcomerOrOpen() throws Exception {
        String day = freshDay();
        declare(grey, day, 3);
        User holder = patients.get(1);
        User newcomer = patients.get(2);
        var held = booked(holder, grey, day, 3);
        List<Api.Reply> replies = race.run(List.of(
                () -> api.delete("/api/appointments/" + held.get("id") + "/", holder.token()),
                () -> book(newcomer, grey, day, 3)));

        assertThat(replies.get(0).status()).isEqualTo(204);
        assertThat(replies.get(1).status()).isIn(201, 409);
        var open = openSlots("date=" + day, holder);
        if (replies.get(1).status() == 201) {
            assertThat(open).isEmpty();
        } else {
            assertThat(replies.get(1).code()).isEqualTo("SLOT_UNAVAILABLE");
            assertThat(open).hasSize(1);
        }
        assertAuditClean();
    }

    @RepeatedTest(5)
    void twoReschedulesRacingIntoOneSlotMoveExactlyOne() throws Exception {
        String day = freshDay();
        declare(grey, day, 4);
        declare(grey, day, 5);
        declare(shepherd, day, 6);
        User a = patients.get(3);
        User b = patients.get(4);
        var first = booked(a, grey, day, 4);
        var second = booked(b, grey, day, 5);
        Map<String, Object> target = Map.of("doctor", shepherd.id(), "date", day, "time_slot", 6);
        List<Api.Reply> replies = race.run(List.of(
                () -> api.put("/api/appointments/" + first.get("id") + "/", a.token(), target),
                () -> api.put("/api/appointments/" + second.get("id") + "/", b.token(), target)));

        assertThat(count(replies, 200)).as(replies.toString()).isEqualTo(1);
        assertThat(replies).filteredOn(r -> r.status() != 200).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo("SLOT_UNAVAILABLE"));
        var loser = replies.get(0).status() == 200 ? second : first;
        User loserPatient = replies.get(0).status() == 200 ? b : a;
        assertThat(api.get("/api/appointments/" + loser.get("id") + "/", loserPatient.token()).object()).isEqualTo(loser);
        assertThat(openSlots("date=" + day, a)).extracting(s -> s.get("doctor")).containsExactly(grey.id());
        assertAuditClean();
    }

    @RepeatedTest(3)
    void repeatedIdempotentBookingsRacingEachOtherBookOnce() throws Exception {
        String day = freshDay();
        declare(grey, day, 7);
        User patient = patients.get(5);
        Map<String, Object> body = Map.of("doctor", grey.id(), "date", day, "time_slot", 7);
        List<Supplier<Api.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(() -> api.send("POST", "/api/appointments/", patient.token(), body, Map.of("Idempotency-Key", "same-" + day)));
        }
        List<Api.Reply> replies = race.run(calls);
        assertThat(count(replies, 201)).as(replies.toString()).isEqualTo(5);
        assertThat(replies.stream().map(Api.Reply::body).distinct()).hasSize(1);
        assertThat(api.get("/api/appointments/?from=" + day + "&to=" + day, patient.token()).array()).hasSize(1);
        assertAuditClean();
    }
}
