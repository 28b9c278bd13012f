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
 * An admin changing or deleting a time slot at the instant a doctor declares or moves an
 * availability onto it. Either may win, but an availability never keeps times its slot no longer
 * has (rule 8), nothing answers 5xx, and the audit is clean after every round. The class has its
 * own few slots, with room on the grid to move them.
 */
class SlotRacesTest extends EndToEndTest {
    private static final Map<String, Object> EARLY = Map.of("start_time", "09:00:00", "end_time", "09:30:00");
    private static final Map<String, Object> LATER = Map.of("start_time", "09:30:00", "end_time", "10:00:00");

    private User admin;
    private User doctor;
    private Race race;
    /** Moved between EARLY and LATER by the edit rounds. */
    private int edited;
    /** Where the move rounds' availabilities start from. */
    private int home;

    @Override
    protected boolean populateTimeSlots() {
        return false;
    }

    @BeforeAll
    void setUp() {
        admin = users.admin();
        doctor = users.doctor("Dana Doctor");
        edited = createSlot(EARLY);
        home = createSlot(Map.of("start_time", "12:00:00", "end_time", "12:30:00"));
        race = new Race(2);
    }

    @AfterAll
    void stopRace() {
        race.close();
    }

    private int createSlot(Map<String, Object> times) {
        var reply = api.post("/api/timeslots/", admin.token(), times);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return ((Number) reply.object().get("id")).intValue();
    }

    private Map<String, Object> slotNow(int id) {
        return api.get("/api/timeslots/" + id + "/", admin.token()).object();
    }

    /** The availability has exactly its slot's times, as the slot stands now. */
    private void assertHasItsSlotsTimes(Map<String, Object> availability) {
        var slot = slotNow(((Number) availability.get("time_slot")).intValue());
        assertThat(List.of(availability.get("start_time"), availability.get("end_time")))
                .as("availability %s against slot %s", availability, slot)
                .containsExactly(slot.get("start_time"), slot.get("end_time"));
    }

    private Map<String, Object> otherTimesOf(int id) {
        return "09:00:00".equals(slotNow(id).get("start_time")) ? LATER : EARLY;
    }

    private void deleteAvailability(Object id) {
        assertThat(api.delete("/api/availabilities/" + id + "/", doctor.token()).status()).isEqualTo(204);
    }

    @RepeatedTest(8)
    void aSlotEditRacingADeclarationNeverLeavesStaleTimes() throws Exception {
        String day = freshDay();
        Map<String, Object> times = otherTimesOf(edited);
        List<Api.Reply> replies = race.run(
                () -> api.put("/api/timeslots/" + edited + "/", admin.token(), times),
                () -> api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", edited)));
        Api.Reply edit = replies.get(0);
        Api.Reply declaration = replies.get(1);

        assertThat(edit.status()).as(replies.toString()).isIn(200, 409);
        assertThat(declaration.status()).as(replies.toString()).isEqualTo(201);
        if (edit.status() == 409) {
            assertThat(edit.code()).isEqualTo("IN_USE");
        }
        var stored = api.get("/api/availabilities/" + declaration.object().get("id") + "/", doctor.token()).object();
        assertThat(stored).isEqualTo(declaration.object());
        assertHasItsSlotsTimes(stored);
        assertAuditClean();
        deleteAvailability(stored.get("id"));
    }

    @RepeatedTest(8)
    void aSlotEditRacingAMoveOntoItNeverLeavesStaleTimes() throws Exception {
        String day = freshDay();
        var availability = declare(doctor, day, home);
        Map<String, Object> times = otherTimesOf(edited);
        List<Api.Reply> replies = race.run(
                () -> api.put("/api/timeslots/" + edited + "/", admin.token(), times),
                () -> api.put("/api/availabilities/" + availability.get("id") + "/", doctor.token(),
                        Map.of("date", day, "time_slot", edited, "is_available", true)));
        Api.Reply edit = replies.get(0);
        Api.Reply move = replies.get(1);

        assertThat(edit.status()).as(replies.toString()).isIn(200, 409);
        assertThat(move.status()).as(replies.toString()).isEqualTo(200);
        if (edit.status() == 409) {
            assertThat(edit.code()).isEqualTo("IN_USE");
        }
        var stored = api.get("/api/availabilities/" + availability.get("id") + "/", doctor.token()).object();
        assertThat(stored).isEqualTo(move.object()).containsEntry("time_slot", edited);
        assertHasItsSlotsTimes(stored);
        assertAuditClean();
        deleteAvailability(stored.get("id"));
    }

    @RepeatedTest(8)
    void aSlotDeleteRacingADeclarationEitherRefusesTheDeleteOrTheDeclaration() throws Exception {
        String day = freshDay();
        int doomed = createSlot(Map.of("start_time", "15:00:00", "end_time", "15:30:00"));
        List<Api.Reply> replies = race.run(
                () -> api.delete("/api/timeslots/" + doomed + "/", admin.token()),
                () -> api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", doomed)));
        Api.Reply removal = replies.get(0);
        Api.Reply declaration = replies.get(1);

        if (removal.status() == 204) {
            assertThat(declaration.status()).as(replies.toString()).isEqualTo(400);
            assertThat(declaration.fields()).containsKey("time_slot");
            assertThat(api.get("/api/timeslots/" + doomed + "/", admin.token()).status()).isEqualTo(404);
        } else {
            assertThat(removal.status()).as(replies.toString()).isEqualTo(409);
            assertThat(removal.code()).isEqualTo("IN_USE");
            assertThat(declaration.status()).as(replies.toString()).isEqualTo(201);
            assertHasItsSlotsTimes(declaration.object());
        }
        assertAuditClean();
        if (declaration.status() == 201) {
            deleteAvailability(declaration.object().get("id"));
            assertThat(api.delete("/api/timeslots/" + doomed + "/", admin.token()).status()).isEqualTo(204);
        }
    }
}
