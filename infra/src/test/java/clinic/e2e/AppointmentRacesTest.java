package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Race;
import clinic.support.Users.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Different operations on the same appointment at the same instant (threads released by a
 * barrier): never a 5xx, only the outcomes the contract allows, and the audit clean after each
 * round. Each round uses a fresh patient and day, so no round sees another's bookings.
 */
class AppointmentRacesTest extends EndToEndTest {
    private User grey;
    private User shepherd;
    private User admin;
    private Race race;

    @BeforeAll
    void signIn() {
        grey = users.doctor("Meredith Grey");
        shepherd = users.doctor("Derek Shepherd");
        admin = users.admin();
        race = new Race(3);
    }

    @AfterAll
    void stopRace() {
        race.close();
    }

    private static String path(Map<String, Object> appointment) {
        return "/api/appointments/" + appointment.get("id") + "/";
    }

    private static Map<String, Object> slot(User doctor, String day, int slot) {
        return Map.of("doctor", doctor.id(), "date", day, "time_slot", slot);
    }

    private List<Object> openSlotIds(String day, User caller) {
        return openSlots("date=" + day, caller).stream().map(s -> (Object) (s.get("doctor") + "/" + s.get("time_slot"))).toList();
    }

    @RepeatedTest(5)
    void twoReschedulesOfOneAppointmentMoveItOnceOrInTurnNeverFail() throws Exception {
        String day = freshDay();
        User patient = users.patient("Pat Racer");
        declare(grey, day, 1);
        declare(grey, day, 2);
        declare(shepherd, day, 3);
        var appointment = booked(patient, grey, day, 1);
        List<Api.Reply> replies = race.run(
                () -> api.put(path(appointment), patient.token(), slot(grey, day, 2)),
                () -> api.put(path(appointment), patient.token(), slot(shepherd, day, 3)));

        assertThat(replies).as(replies.toString()).allSatisfy(r -> assertThat(r.status()).isIn(200, 409))
                .anySatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(replies).filteredOn(r -> r.status() == 409).allSatisfy(r -> assertThat(r.code()).isEqualTo("CHANGED"));
        var now = api.get(path(appointment), patient.token()).object();
        assertThat(now.get("status")).isEqualTo("booked");
        String where = now.get("doctor") + "/" + now.get("time_slot");
        assertThat(replies).filteredOn(r -> r.status() == 200)
                .anySatisfy(r -> assertThat(r.object().get("doctor") + "/" + r.object().get("time_slot")).isEqualTo(where));
        // Every slot but the one it holds is open again.
        assertThat(openSlotIds(day, patient)).hasSize(2).doesNotContain(where);
        assertAuditClean();
    }

    @RepeatedTest(6)
    void aCancelRacingARescheduleCancelsWhereverTheAppointmentIs() throws Exception {
        String day = freshDay();
        User patient = users.patient("Pat Racer");
        declare(grey, day, 4);
        declare(shepherd, day, 5);
        var appointment = booked(patient, grey, day, 4);
        List<Api.Reply> replies = race.run(
                () -> api.delete(path(appointment), patient.token()),
                () -> api.put(path(appointment), patient.token(), slot(shepherd, day, 5)));

        assertThat(replies.get(0).status()).as(replies.toString()).isEqualTo(204);
        assertThat(replies.get(1).status()).as(replies.toString()).isIn(200, 409);
        if (replies.get(1).status() == 409) {
            assertThat(replies.get(1).code()).isEqualTo("NOT_BOOKED");
        }
        assertThat(api.get(path(appointment), patient.token()).object().get("status")).isEqualTo("cancelled");
        assertThat(openSlotIds(day, patient)).containsExactlyInAnyOrder(grey.id() + "/4", shepherd.id() + "/5");
        assertThat(book(patient, grey, day, 4).status()).as("the patient's lock went with the cancel").isEqualTo(201);
        assertAuditClean();
    }

    /** The slot left is offered to its waiter in the reschedule's write; the waiter leaving meanwhile must not make it a 500. */
    @RepeatedTest(5)
    void aRescheduleAwayFromASlotRacingItsWaiterLeavingMovesTheAppointmentAndOpensTheSlot() throws Exception {
        String day = freshDay();
        User patient = users.patient("Pat Racer");
        User waiter = users.patient("Wes Waiter");
        declare(grey, day, 4);
        declare(grey, day, 5);
        var appointment = booked(patient, grey, day, 4);
        var entry = api.post("/api/waitlist/", waiter.token(),
                Map.of("doctor", grey.id(), "date", day, "from_time", "10:30:00", "to_time", "11:00:00"));
        assertThat(entry.status()).as(entry.toString()).isEqualTo(201);
        List<Api.Reply> replies = race.run(
                () -> api.put(path(appointment), patient.token(), slot(grey, day, 5)),
                () -> api.delete("/api/waitlist/" + entry.object().get("id") + "/", waiter.token()));

        assertThat(replies.get(0).status()).as(replies.toString()).isEqualTo(200);
        assertThat(replies.get(1).status()).as(replies.toString()).isEqualTo(204);
        assertThat(api.get(path(appointment), patient.token()).object().get("time_slot")).isEqualTo(5);
        assertThat(openSlotIds(day, patient)).containsExactly(grey.id() + "/4");
        assertAuditClean();
    }

    @RepeatedTest(5)
    void itsPatientItsDoctorAndAnAdminCancellingAtOnceAllSucceedAndItIsCancelledOnce() throws Exception {
        String day = freshDay();
        User patient = users.patient("Pat Racer");
        declare(grey, day, 6);
        var appointment = booked(patient, grey, day, 6);
        List<Api.Reply> replies = race.run(
                () -> api.delete(path(appointment), patient.token()),
                () -> api.delete(path(appointment), grey.token()),
                () -> api.delete(path(appointment), admin.token()));

        assertThat(replies).as(replies.toString()).allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        assertThat(api.get(path(appointment), patient.token()).object().get("status")).isEqualTo("cancelled");
        assertThat(openSlotIds(day, patient)).containsExactly(grey.id() + "/6");
        assertAuditClean();
    }
}
