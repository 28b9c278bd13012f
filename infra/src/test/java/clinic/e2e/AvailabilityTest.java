package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AvailabilityTest extends EndToEndTest {
    private User doctor;
    private User otherDoctor;
    private User patient;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Meredith Grey");
        otherDoctor = users.doctor("Derek Shepherd");
        patient = users.patient("Pat Jones");
    }

    @Test
    void aDoctorDeclaresASlotAndGetsTheFullObjectBack() {
        String day = freshDay();
        var created = declare(doctor, day, 3);
        assertThat(created).containsEntry("doctor", doctor.id()).containsEntry("doctor_name", "Meredith Grey")
                .containsEntry("date", day).containsEntry("time_slot", 3).containsEntry("start_time", "10:00:00")
                .containsEntry("end_time", "10:30:00").containsEntry("start", day + "T10:00:00Z").containsEntry("end", day + "T10:30:00Z")
                .containsEntry("is_available", true);
        assertThat(api.get("/api/availabilities/" + created.get("id") + "/", patient.token()).object()).isEqualTo(created);
    }

    @Test
    void anArrayIsDeclaredAllOrNothing() {
        String day = freshDay();
        var reply = api.post("/api/availabilities/", doctor.token(), List.of(
                Map.of("date", day, "time_slot", 1), Map.of("date", day, "time_slot", 2, "is_available", false)));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.array()).extracting(a -> a.get("is_available")).containsExactly(true, false);

        var clash = api.post("/api/availabilities/", doctor.token(), List.of(
                Map.of("date", day, "time_slot", 5), Map.of("date", day, "time_slot", 2)));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(openSlots("date=" + day, patient)).extracting(a -> a.get("time_slot")).containsExactly(1);
    }

    @Test
    void duplicatesPastDatesUnknownSlotsAndBadFieldsAreRefused() {
        String day = freshDay();
        declare(doctor, day, 4);
        var again = api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", 4));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ALREADY_EXISTS");

        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        var past = api.post("/api/availabilities/", doctor.token(), Map.of("date", yesterday, "time_slot", 4));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.object().get("fields")).isEqualTo(Map.of("date", "must not be in the past"));

        var unknown = api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", 99));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.object().get("fields")).isEqualTo(Map.of("time_slot", "unknown time slot"));

        var types = api.post("/api/availabilities/", doctor.token(), Map.of("date", 20300101, "time_slot", "x", "is_available", "yes"));
        assertThat(types.status()).isEqualTo(400);
        assertThat(types.fields()).containsOnlyKeys("date", "time_slot", "is_available");

        var twiceInOne = api.post("/api/availabilities/", doctor.token(), List.of(
                Map.of("date", day, "time_slot", 6), Map.of("date", day, "time_slot", 6)));
        assertThat(twiceInOne.status()).isEqualTo(400);

        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            tooMany.add(Map.of("date", LocalDate.parse(day).plusDays(i % 2).toString(), "time_slot", 1 + i % 24));
        }
        assertThat(api.post("/api/availabilities/", doctor.token(), tooMany).status()).isEqualTo(400);
        assertThat(api.post("/api/availabilities/", doctor.token(), List.of()).status()).isEqualTo(400);
        assertThat(openSlots("date=" + day, patient)).extracting(a -> a.get("time_slot")).containsExactly(4);
    }

    @Test
    void aBodyWithAnythingAfterItsFirstJsonValueIsMalformedAndDeclaresNothing() {
        String day = freshDay();
        String first = "{\"date\":\"" + day + "\",\"time_slot\":14}";
        for (String body : List.of(first + " {\"doctor\":\"x\"} ]]]", first + "}", first + "x", "[" + first + "] []", first + " null")) {
            var reply = api.post("/api/availabilities/", doctor.token(), body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.code()).as(body).isEqualTo("MALFORMED_JSON");
        }
        var deep = api.post("/api/availabilities/", doctor.token(), "[".repeat(40) + first + "]".repeat(40));
        assertThat(deep.code()).isEqualTo("MALFORMED_JSON");
        var twice = api.post("/api/availabilities/", doctor.token(), "{\"date\":\"" + day + "\",\"time_slot\":14,\"time_slot\":15}");
        assertThat(twice.code()).isEqualTo("MALFORMED_JSON");
        assertThat(openSlots("date=" + day, patient)).isEmpty();
        assertThat(api.post("/api/availabilities/", doctor.token(), first + " \n").status()).as("trailing white space is fine").isEqualTo(201);
    }

    @Test
    void theDoctorIsAlwaysTheCaller() {
        String day = freshDay();
        var asOther = api.post("/api/availabilities/", doctor.token(), Map.of("doctor", otherDoctor.id(), "date", day, "time_slot", 7));
        assertThat(asOther.status()).isEqualTo(403);
        var asSelf = api.post("/api/availabilities/", doctor.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 7));
        assertThat(asSelf.status()).isEqualTo(201);
        assertThat(api.post("/api/availabilities/", patient.token(), Map.of("date", day, "time_slot", 8)).status()).isEqualTo(403);
        assertThat(openSlots("date=" + day, patient)).extracting(a -> a.get("doctor")).containsExactly(doctor.id());
    }

    @Test
    void theOwnerClosesReopensAndMovesAnAvailabilityKeepingItsId() {
        String day = freshDay();
        String later = freshDay();
        var created = declare(doctor, day, 9);
        String path = "/api/availabilities/" + created.get("id") + "/";

        var closed = api.put(path, doctor.token(), Map.of("date", day, "time_slot", 9, "is_available", false));
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.object().get("is_available")).isEqualTo(false);
        assertThat(openSlots("date=" + day, patient)).isEmpty();
        assertThat(book(patient, doctor, day, 9).code()).isEqualTo("SLOT_UNAVAILABLE");

        assertThat(api.put(path, doctor.token(), Map.of("date", day, "time_slot", 9, "is_available", true)).status()).isEqualTo(200);
        assertThat(openSlots("date=" + day, patient)).hasSize(1);

        var moved = api.put(path, doctor.token(), Map.of("date", later, "time_slot", 10, "is_available", true));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.object()).containsEntry("id", created.get("id")).containsEntry("date", later).containsEntry("time_slot", 10);
        assertThat(openSlots("date=" + day, patient)).isEmpty();
        assertThat(openSlots("date=" + later, patient)).extracting(a -> a.get("id")).containsExactly(created.get("id"));

        assertThat(api.put(path, otherDoctor.token(), Map.of("date", later, "time_slot", 10, "is_available", false)).status()).isEqualTo(403);
        assertThat(api.put(path, patient.token(), Map.of("date", later, "time_slot", 10, "is_available", false)).status()).isEqualTo(403);
        assertAuditClean();
    }

    @Test
    void aMoveOntoAnotherDeclaredSlotIs409AndChangesNothing() {
        String day = freshDay();
        var first = declare(doctor, day, 11);
        declare(doctor, day, 12);
        var reply = api.put("/api/availabilities/" + first.get("id") + "/", doctor.token(), Map.of("date", day, "time_slot", 12));
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(openSlots("date=" + day, patient)).extracting(a -> a.get("time_slot")).containsExactlyInAnyOrder(11, 12);
    }

    @Test
    void aBookedAvailabilityCannotBeChangedOrDeletedUntilCancelled() {
        String day = freshDay();
        var availability = declare(doctor, day, 13);
        String path = "/api/availabilities/" + availability.get("id") + "/";
        var appointment = booked(patient, doctor, day, 13);

        var close = api.put(path, doctor.token(), Map.of("date", day, "time_slot", 13, "is_available", false));
        assertThat(close.status()).isEqualTo(409);
        assertThat(close.code()).isEqualTo("SLOT_BOOKED");
        var delete = api.delete(path, doctor.token());
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.code()).isEqualTo("SLOT_BOOKED");
        assertThat(api.get(path, patient.token()).object().get("is_available")).isEqualTo(false);

        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token()).status()).isEqualTo(204);
        assertThat(api.delete(path, otherDoctor.token()).status()).isEqualTo(403);
        assertThat(api.delete(path, doctor.token()).status()).isEqualTo(204);
        assertThat(api.get(path, patient.token()).status()).isEqualTo(404);
        assertThat(api.delete(path, doctor.token()).status()).isEqualTo(404);
        assertAuditClean();
    }

    @Test
    void unknownIdsAre404() {
        assertThat(api.get("/api/availabilities/no-such-id/", patient.token()).status()).isEqualTo(404);
        String day = freshDay();
        assertThat(api.put("/api/availabilities/no-such-id/", doctor.token(), Map.of("date", day, "time_slot", 1)).status()).isEqualTo(404);
        assertThat(api.delete("/api/availabilities/no-such-id/", doctor.token()).status()).isEqualTo(404);
    }
}
