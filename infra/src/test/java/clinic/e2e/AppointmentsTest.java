package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppointmentsTest extends EndToEndTest {
    private User grey;
    private User shepherd;
    private User pat;
    private User sam;
    private User admin;

    @BeforeAll
    void signIn() {
        grey = users.doctor("Meredith Grey");
        shepherd = users.doctor("Derek Shepherd");
        admin = users.admin();
    }

    /** Fresh patients for each test, so no test's bookings count against another's booking limit. */
    @BeforeEach
    void newPatients() {
        pat = users.patient("Pat Jones");
        sam = users.patient("Sam Smith");
    }

    private String path(Map<String, Object> appointment) {
        return "/api/appointments/" + appointment.get("id") + "/";
    }

    @Test
    void aPatientBooksAnOpenSlotAndSeesEveryField() {
        String day = freshDay();
        declare(grey, day, 1);
        var appointment = booked(pat, grey, day, 1);
        assertThat(appointment).containsOnlyKeys("id", "patient", "patient_name", "doctor", "doctor_name", "date", "time_slot",
                "start_time", "end_time", "start", "end", "status", "created_at", "booked_by", "cancelled_by", "rescheduled_by",
                "cancel_reason", "status_history");
        assertThat(appointment).containsEntry("patient", pat.id()).containsEntry("patient_name", "Pat Jones")
                .containsEntry("doctor", grey.id()).containsEntry("doctor_name", "Meredith Grey").containsEntry("status", "booked")
                .containsEntry("start", day + "T09:00:00Z").containsEntry("end_time", "09:30:00");
        assertThat(api.get(path(appointment), pat.token()).object()).isEqualTo(appointment);
        assertAuditClean();
    }

    @Test
    void aSlotThatIsNotOpenIsSlotUnavailable() {
        String day = freshDay();
        var never = book(pat, grey, day, 2);
        assertThat(never.status()).isEqualTo(409);
        assertThat(never.code()).isEqualTo("SLOT_UNAVAILABLE");
        declare(grey, day, 2);
        booked(pat, grey, day, 2);
        var taken = book(sam, grey, day, 2);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("SLOT_UNAVAILABLE");
        assertThat(book(pat, shepherd, day, 2).code()).isEqualTo("SLOT_UNAVAILABLE");
    }

    @Test
    void aPatientCannotBeInTwoPlacesAtOnceButMayBookSeveralSlotsADay() {
        String day = freshDay();
        declare(grey, day, 3);
        declare(shepherd, day, 3);
        declare(shepherd, day, 4);
        booked(pat, grey, day, 3);
        var twice = book(pat, shepherd, day, 3);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.code()).isEqualTo("PATIENT_BUSY");
        booked(pat, shepherd, day, 4);
        assertThat(openSlots("date=" + day, pat)).extracting(s -> s.get("doctor")).containsExactly(shepherd.id());
        assertAuditClean();
    }

    @Test
    void patientsBookOnlyForThemselvesAndAdminsOnlyForAPatientTheyName() {
        String day = freshDay();
        declare(grey, day, 5);
        assertThat(book(grey, grey, day, 5).status()).isEqualTo(403);
        // Issue 20: admins (and staff) book for a patient they name; without one, 400 naming the field.
        var adminForNobody = book(admin, grey, day, 5);
        assertThat(adminForNobody.status()).isEqualTo(400);
        assertThat(adminForNobody.fields()).containsKey("patient");
        var forSomeoneElse = api.post("/api/appointments/", pat.token(),
                Map.of("patient", sam.id(), "doctor", grey.id(), "date", day, "time_slot", 5));
        assertThat(forSomeoneElse.status()).isEqualTo(403);
        var forSelf = api.post("/api/appointments/", pat.token(),
                Map.of("patient", pat.id(), "doctor", grey.id(), "date", day, "time_slot", 5));
        assertThat(forSelf.status()).isEqualTo(201);
        assertThat(forSelf.object().get("patient")).isEqualTo(pat.id());
    }

    @Test
    void pastDatesAndBadFieldsAre400() {
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(book(pat, grey, yesterday, 1).fields()).isEqualTo(Map.of("date", "must not be in the past"));
        var bad = api.post("/api/appointments/", pat.token(), Map.of("doctor", 1, "date", "soon", "time_slot", -2));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.fields()).containsOnlyKeys("doctor", "date", "time_slot");
        assertThat(api.post("/api/appointments/", pat.token(), "{\"doctor\":").code()).isEqualTo("MALFORMED_JSON");
    }

    /** An admin's window of two years from late 9999 runs past the last date YYYY-MM-DD names; it ends there instead. */
    @Test
    void anAdminsWindowRunningPastTheYear9999StillListsTheAppointmentsBeforeItsEnd() {
        declare(shepherd, "9999-12-31", 3);
        var last = booked(users.patient("Lastday Patient"), shepherd, "9999-12-31", 3);
        var listed = api.get("/api/appointments/?from=9999-12-01", admin.token());
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.array()).extracting(a -> a.get("id")).containsExactly(last.get("id"));
    }

    @Test
    void listsAreScopedByRoleSortedAndFiltered() {
        String day = freshDay();
        String later = freshDay();
        declare(grey, later, 6);
        declare(grey, day, 7);
        declare(shepherd, day, 6);
        var patLater = booked(pat, grey, later, 6);
        var patEarly = booked(pat, grey, day, 7);
        var samAppt = booked(sam, shepherd, day, 6);

        var patList = api.get("/api/appointments/?from=" + day + "&to=" + later, pat.token()).array();
        assertThat(patList).extracting(a -> a.get("id")).containsExactly(patEarly.get("id"), patLater.get("id"));
        var greyList = api.get("/api/appointments/?from=" + day + "&to=" + later, grey.token()).array();
        assertThat(greyList).extracting(a -> a.get("id")).containsExactly(patEarly.get("id"), patLater.get("id"));
        var all = api.get("/api/appointments/?from=" + day + "&to=" + later, admin.token()).array();
        assertThat(all).extracting(a -> a.get("id")).containsExactly(samAppt.get("id"), patEarly.get("id"), patLater.get("id"));

        api.delete(path(patEarly), pat.token());
        assertThat(api.get("/api/appointments/?from=" + day + "&to=" + later + "&status=booked", pat.token()).array())
                .extracting(a -> a.get("id")).containsExactly(patLater.get("id"));
        assertThat(api.get("/api/appointments/?from=" + day + "&to=" + day + "&status=cancelled", pat.token()).array())
                .extracting(a -> a.get("status")).containsExactly("cancelled");
        assertThat(api.get("/api/appointments/?status=maybe", pat.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/appointments/?from=" + later + "&to=" + day, pat.token()).status()).isEqualTo(400);
    }

    @Test
    void listPagesFollowTheLinkHeader() {
        String day = freshDay();
        for (int slot = 8; slot <= 12; slot++) {
            declare(shepherd, day, slot);
            booked(sam, shepherd, day, slot);
        }
        var first = api.get("/api/appointments/?from=" + day + "&to=" + day + "&limit=2", sam.token());
        assertThat(first.array()).hasSize(2);
        var second = api.get(OpenSlotsTest.nextLink(first.header("Link").orElseThrow()), sam.token());
        var third = api.get(OpenSlotsTest.nextLink(second.header("Link").orElseThrow()), sam.token());
        assertThat(third.array()).hasSize(1);
        assertThat(third.header("Link")).isEmpty();
        assertThat(second.array().get(0).get("time_slot")).isEqualTo(10);
        assertThat(api.get("/api/appointments/?cursor=bm9wZQ", sam.token()).status()).isEqualTo(400);
    }

    @Test
    void anAppointmentIsInvisibleToOtherPatientsAndDoctors() {
        String day = freshDay();
        declare(grey, day, 13);
        var appointment = booked(pat, grey, day, 13);
        assertThat(api.get(path(appointment), grey.token()).status()).isEqualTo(200);
        assertThat(api.get(path(appointment), admin.token()).status()).isEqualTo(200);
        assertThat(api.get(path(appointment), sam.token()).status()).isEqualTo(404);
        assertThat(api.get(path(appointment), shepherd.token()).status()).isEqualTo(404);
        assertThat(api.delete(path(appointment), sam.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/appointments/nope/", pat.token()).status()).isEqualTo(404);
    }

    @Test
    void rescheduleMovesAtomicallyAndTheOldSlotReopens() {
        String day = freshDay();
        declare(grey, day, 14);
        declare(shepherd, day, 15);
        var appointment = booked(pat, grey, day, 14);
        var moved = api.put(path(appointment), pat.token(), Map.of("doctor", shepherd.id(), "date", day, "time_slot", 15));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.object()).containsEntry("id", appointment.get("id")).containsEntry("doctor", shepherd.id())
                .containsEntry("doctor_name", "Derek Shepherd").containsEntry("time_slot", 15).containsEntry("status", "booked")
                .containsEntry("created_at", appointment.get("created_at"));
        assertThat(openSlots("date=" + day, pat)).extracting(s -> s.get("doctor"), s -> s.get("time_slot"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(grey.id(), 14));
        assertThat(api.get("/api/appointments/search/?doctor=shep", pat.token()).array()).extracting(a -> a.get("id"))
                .contains(appointment.get("id"));
        assertThat(api.get("/api/appointments/search/?doctor=grey", pat.token()).array()).extracting(a -> a.get("id"))
                .doesNotContain(appointment.get("id"));
        assertAuditClean();
    }

    @Test
    void aRescheduleThatCannotHappenChangesNothing() {
        String day = freshDay();
        declare(grey, day, 16);
        declare(grey, day, 17);
        declare(shepherd, day, 16);
        var mine = booked(pat, grey, day, 16);
        booked(sam, grey, day, 17);
        var ontoTaken = api.put(path(mine), pat.token(), Map.of("doctor", grey.id(), "date", day, "time_slot", 17));
        assertThat(ontoTaken.status()).isEqualTo(409);
        assertThat(ontoTaken.code()).isEqualTo("SLOT_UNAVAILABLE");
        var byDoctor = api.put(path(mine), grey.token(), Map.of("doctor", shepherd.id(), "date", day, "time_slot", 16));
        assertThat(byDoctor.status()).isEqualTo(403);
        var byStranger = api.put(path(mine), sam.token(), Map.of("doctor", shepherd.id(), "date", day, "time_slot", 16));
        assertThat(byStranger.status()).isEqualTo(404);
        assertThat(api.get(path(mine), pat.token()).object()).isEqualTo(mine);
        assertThat(api.put(path(mine), pat.token(), Map.of("doctor", grey.id(), "date", day, "time_slot", 16)).object()).isEqualTo(mine);
        assertAuditClean();
    }

    @Test
    void reschedulingIntoTheSameDateAndSlotWithAnotherDoctorKeepsThePatientLock() {
        String day = freshDay();
        declare(grey, day, 18);
        declare(shepherd, day, 18);
        var mine = booked(pat, grey, day, 18);
        assertThat(api.put(path(mine), pat.token(), Map.of("doctor", shepherd.id(), "date", day, "time_slot", 18)).status())
                .isEqualTo(200);
        assertThat(book(pat, grey, day, 18).code()).isEqualTo("PATIENT_BUSY");
        assertAuditClean();
    }

    @Test
    void cancellingKeepsHistoryReopensTheSlotAndIsAllowedToPatientDoctorAndAdmin() {
        String day = freshDay();
        for (int slot = 19; slot <= 21; slot++) {
            declare(grey, day, slot);
        }
        var byPatient = booked(pat, grey, day, 19);
        var byDoctor = booked(pat, grey, day, 20);
        var byAdmin = booked(sam, grey, day, 21);
        assertThat(api.delete(path(byPatient), pat.token()).status()).isEqualTo(204);
        assertThat(api.delete(path(byDoctor), grey.token()).status()).isEqualTo(204);
        assertThat(api.delete(path(byAdmin), admin.token()).status()).isEqualTo(204);
        assertThat(api.delete(path(byAdmin), admin.token()).status()).isEqualTo(204);
        assertThat(api.get(path(byPatient), pat.token()).object().get("status")).isEqualTo("cancelled");
        assertThat(openSlots("date=" + day, pat)).hasSize(3);
        var rebook = booked(sam, grey, day, 19);
        assertThat(rebook.get("id")).isNotEqualTo(byPatient.get("id"));
        var reviveCancelled = api.put(path(byPatient), pat.token(), Map.of("doctor", grey.id(), "date", day, "time_slot", 20));
        assertThat(reviveCancelled.status()).isEqualTo(409);
        assertThat(reviveCancelled.code()).isEqualTo("NOT_BOOKED");
        assertAuditClean();
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstBookingAndBooksNothingMore() {
        String day = freshDay();
        declare(grey, day, 22);
        declare(grey, day, 23);
        Map<String, Object> body = Map.of("doctor", grey.id(), "date", day, "time_slot", 22);
        var first = api.send("POST", "/api/appointments/", pat.token(), body, Map.of("Idempotency-Key", "k-" + day));
        var again = api.send("POST", "/api/appointments/", pat.token(), body, Map.of("Idempotency-Key", "k-" + day));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(api.get("/api/appointments/?from=" + day + "&to=" + day, pat.token()).array()).hasSize(1);

        var otherBody = api.send("POST", "/api/appointments/", pat.token(), Map.of("doctor", grey.id(), "date", day, "time_slot", 23),
                Map.of("Idempotency-Key", "k-" + day));
        assertThat(otherBody.status()).isEqualTo(409);
        assertThat(otherBody.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        var sameKeyOtherPatient = api.send("POST", "/api/appointments/", sam.token(),
                Map.of("doctor", grey.id(), "date", day, "time_slot", 23), Map.of("Idempotency-Key", "k-" + day));
        assertThat(sameKeyOtherPatient.status()).isEqualTo(201);
        var badKey = api.send("POST", "/api/appointments/", pat.token(), body, Map.of("Idempotency-Key", "has spaces"));
        assertThat(badKey.status()).isEqualTo(400);
    }

    @Test
    void searchFindsBookedAppointmentsByNamePrefixScopedAsTheList() {
        // people of their own, so other tests' bookings cannot match
        User quill = users.doctor("Xavier Quill");
        User vance = users.doctor("Una Vance");
        User yolanda = users.patient("Yolanda Orr");
        User zoe = users.patient("Zoe Kettle");
        String day = freshDay();
        declare(quill, day, 24);
        declare(vance, day, 24);
        var yolandaWithQuill = booked(yolanda, quill, day, 24);
        var zoeWithVance = booked(zoe, vance, day, 24);

        assertThat(search("doctor=XAVI", admin)).containsExactly(yolandaWithQuill.get("id"));
        assertThat(search("doctor=" + quill.username(), admin)).containsExactly(yolandaWithQuill.get("id"));
        assertThat(search("patient=kett", admin)).containsExactly(zoeWithVance.get("id"));
        assertThat(search("doctor=una%20van&patient=zoe", admin)).containsExactly(zoeWithVance.get("id"));
        assertThat(search("doctor=quill&patient=zoe", admin)).isEmpty();
        assertThat(search("doctor=uill", admin)).isEmpty();
        assertThat(search("patient=zoe", yolanda)).isEmpty();
        assertThat(search("patient=zoe", zoe)).containsExactly(zoeWithVance.get("id"));
        assertThat(search("patient=yolanda", vance)).isEmpty();
        assertThat(search("patient=yolanda", quill)).containsExactly(yolandaWithQuill.get("id"));

        api.delete("/api/appointments/" + zoeWithVance.get("id") + "/", zoe.token());
        assertThat(search("patient=zoe", admin)).isEmpty();

        assertThat(api.get("/api/appointments/search/", admin.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/appointments/search/?doctor=%20", admin.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/appointments/search/?doctor=" + "x".repeat(65), admin.token()).status()).isEqualTo(400);
    }

    private List<Object> search(String query, User caller) {
        var reply = api.get("/api/appointments/search/?" + query, caller.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array().stream().map(a -> a.get("id")).toList();
    }
}
