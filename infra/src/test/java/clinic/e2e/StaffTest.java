package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Role;
import clinic.infra.LocalMail;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.TestStack;
import clinic.support.Users;
import clinic.support.Users.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, the front desk and the reasons, over HTTP: staff are registered by admins, book, move
 * and cancel for a patient they name, find patients by name and see a doctor's schedule; every
 * appointment says who booked, moved or cancelled it and why, in its JSON, its events, its emails
 * and its calendar; every bad reason is a 400 that changes nothing.
 */
class StaffTest extends EndToEndTest {
    private User admin;
    private User staff;
    private User doctor;

    @BeforeAll
    void signIn() {
        admin = users.admin();
        staff = users.make(Role.STAFF, "Frances Desk");
        doctor = users.doctor("Meredith Grey");
    }

    private Map<String, Object> slotFor(User patient, String date, int slot) {
        return Map.of("patient", patient.id(), "doctor", doctor.id(), "date", date, "time_slot", slot);
    }

    private Map<String, Object> bookedByStaff(User patient, String date, int slot) {
        declare(doctor, date, slot);
        var reply = api.post("/api/appointments/", staff.token(), slotFor(patient, date, slot));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    private Map<String, Object> appointment(Object id, User viewer) {
        var reply = api.get("/api/appointments/" + id, viewer.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object();
    }

    private static Map<String, Object> actor(User who, String role) {
        return Map.of("id", who.id(), "role", role);
    }

    @Test
    void anAdminRegistersStaffWhoSignInAsStaffAndNobodyElseMay() {
        var account = Map.of("user", Map.of("username", "desk2", "email", "desk2@example.com", "password", Users.PASSWORD),
                "name", "Dee Desk");
        User patient = users.patient("Pam Plain");
        assertThat(api.post("/api/register_staff/", patient.token(), account).status()).isEqualTo(403);
        assertThat(api.post("/api/register_staff/", doctor.token(), account).status()).isEqualTo(403);
        assertThat(api.post("/api/register_staff/", staff.token(), account).status()).isEqualTo(403);
        assertThat(api.post("/api/register_staff/", null, account).status()).isEqualTo(401);
        var bad = api.post("/api/register_staff/", admin.token(), Map.of("user", Map.of("username", "desk3")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.fields()).containsKeys("user.email", "user.password");
        var made = api.post("/api/register_staff/", admin.token(), account);
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.object()).containsEntry("name", "Dee Desk");
        assertThat(api.post("/api/register_staff/", admin.token(), account).status()).isEqualTo(409);
        var tokens = api.post("/api/api/token_obtain/", null, Map.of("username", "desk2", "password", Users.PASSWORD));
        assertThat(tokens.status()).isEqualTo(200);
        // The new member of staff acts as staff: a patient search is theirs, a booking for themselves is not.
        String token = (String) tokens.object().get("access");
        assertThat(api.get("/api/patients?q=pam", token).status()).isEqualTo(200);
    }

    @Test
    void staffBookForThePatientTheyNameAndTheAppointmentSaysWhoBookedIt() {
        User patient = users.patient("Bea Booked");
        String date = freshDay();
        var booked = bookedByStaff(patient, date, 2);
        assertThat(booked).containsEntry("patient", patient.id()).containsEntry("patient_name", "Bea Booked")
                .containsEntry("booked_by", actor(staff, "staff")).containsEntry("cancelled_by", null)
                .containsEntry("rescheduled_by", null).containsEntry("cancel_reason", null);
        // The patient's own list has it; the slot is taken.
        assertThat(api.get("/api/appointments/", patient.token()).array()).extracting(a -> a.get("id")).contains(booked.get("id"));
        assertThat(openSlots("date=" + date + "&doctor=" + doctor.id(), patient)).isEmpty();
        // A patient's own booking says so.
        declare(doctor, date, 3);
        assertThat(booked(patient, doctor, date, 3)).containsEntry("booked_by", actor(patient, "patient"));
        assertAuditClean();
    }

    @Test
    void aPatientNamingThemselvesBooksAndNamingAnotherIs403WithNothingBooked() {
        User patient = users.patient("Sam Self");
        User other = users.patient("Otto Other");
        String date = freshDay();
        declare(doctor, date, 4);
        var forOther = api.post("/api/appointments/", patient.token(), slotFor(other, date, 4));
        assertThat(forOther.status()).as(forOther.toString()).isEqualTo(403);
        assertThat(api.get("/api/appointments/", other.token()).array()).isEmpty();
        assertThat(openSlots("date=" + date + "&doctor=" + doctor.id(), patient)).hasSize(1);
        var self = api.post("/api/appointments/", patient.token(), slotFor(patient, date, 4));
        assertThat(self.status()).as(self.toString()).isEqualTo(201);
        assertThat(self.object()).containsEntry("patient", patient.id()).containsEntry("booked_by", actor(patient, "patient"));
    }

    @Test
    void staffMustNameARegisteredPatientElse400AndNothingIsBooked() {
        String date = freshDay();
        declare(doctor, date, 5);
        var without = api.post("/api/appointments/", staff.token(), Map.of("doctor", doctor.id(), "date", date, "time_slot", 5));
        assertThat(without.status()).isEqualTo(400);
        assertThat(without.fields()).containsKey("patient");
        var notAnId = api.post("/api/appointments/", staff.token(), Map.of("patient", "nobody", "doctor", doctor.id(), "date", date, "time_slot", 5));
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.fields()).containsKey("patient");
        var unknown = api.post("/api/appointments/", staff.token(), Map.of("patient", "00000000-0000-4000-8000-0000000000ff",
                "doctor", doctor.id(), "date", date, "time_slot", 5));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.fields()).containsKey("patient");
        var aDoctor = api.post("/api/appointments/", staff.token(), Map.of("patient", doctor.id(), "doctor", doctor.id(),
                "date", date, "time_slot", 5));
        assertThat(aDoctor.status()).isEqualTo(400);
        var notAString = api.post("/api/appointments/", staff.token(), Map.of("patient", 7, "doctor", doctor.id(), "date", date, "time_slot", 5));
        assertThat(notAString.status()).isEqualTo(400);
        assertThat(notAString.fields()).containsKey("patient");
        assertThat(openSlots("date=" + date + "&doctor=" + doctor.id(), staff)).hasSize(1);
        // Doctors book for nobody.
        assertThat(api.post("/api/appointments/", doctor.token(), Map.of("patient", users.patient("Nia Nobody").id(),
                "doctor", doctor.id(), "date", date, "time_slot", 5)).status()).isEqualTo(403);
        assertAuditClean();
    }

    @Test
    void staffRescheduleWithAReasonAndTheAppointmentSaysWhoMovedItAndWhy() {
        User patient = users.patient("Rita Moved");
        String date = freshDay();
        var booked = bookedByStaff(patient, date, 6);
        declare(doctor, date, 7);
        Map<String, Object> body = new HashMap<>(slotFor(patient, date, 7));
        body.put("reason_code", "doctor_unavailable");
        body.put("reason", "Dr Grey is in theatre");
        var moved = api.put("/api/appointments/" + booked.get("id"), staff.token(), body);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.object()).containsEntry("time_slot", 7).containsEntry("booked_by", actor(staff, "staff"))
                .containsEntry("rescheduled_by", actor(staff, "staff"))
                .containsEntry("cancel_reason", Map.of("code", "doctor_unavailable", "text", "Dr Grey is in theatre"));
        assertThat(appointment(booked.get("id"), patient)).containsEntry("rescheduled_by", actor(staff, "staff"));
        // The patient moves it back without a reason: the earlier reason goes, the mover is the patient.
        var back = api.put("/api/appointments/" + booked.get("id"), patient.token(), Map.of("doctor", doctor.id(), "date", date, "time_slot", 6));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(appointment(booked.get("id"), staff)).containsEntry("rescheduled_by", actor(patient, "patient"))
                .containsEntry("cancel_reason", null);
        // Naming another patient than the appointment's: 400, nothing moves.
        var wrong = api.put("/api/appointments/" + booked.get("id"), staff.token(), slotFor(users.patient("Wes Wrong"), date, 7));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.fields()).containsKey("patient");
        assertThat(appointment(booked.get("id"), staff)).containsEntry("time_slot", 6);
        assertAuditClean();
    }

    @Test
    void staffCancelWithAReasonInTheBodyOrTheQueryAndTheAppointmentKeepsIt() {
        User patient = users.patient("Cleo Cancelled");
        String date = freshDay();
        var first = bookedByStaff(patient, date, 8);
        var cancelled = api.send("DELETE", "/api/appointments/" + first.get("id"), staff.token(),
                Map.of("reason_code", "clinic", "reason", "Clinic closed, flood"), Map.of());
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(204);
        assertThat(appointment(first.get("id"), patient)).containsEntry("status", "cancelled")
                .containsEntry("cancelled_by", actor(staff, "staff"))
                .containsEntry("cancel_reason", Map.of("code", "clinic", "text", "Clinic closed, flood"));
        // A client that sends no body with DELETE gives the reason in the query; a text alone is "other".
        var second = bookedByStaff(patient, date, 9);
        var byQuery = api.delete("/api/appointments/" + second.get("id") + "?reason=Patient%20phoned%20in", patient.token());
        assertThat(byQuery.status()).as(byQuery.toString()).isEqualTo(204);
        var kept = appointment(second.get("id"), staff);
        assertThat(kept).containsEntry("cancelled_by", actor(patient, "patient"));
        assertThat(kept.get("cancel_reason")).isEqualTo(Map.of("code", "other", "text", "Patient phoned in"));
        // A doctor's cancel without a reason: who, and no reason.
        var third = bookedByStaff(patient, date, 10);
        assertThat(api.delete("/api/appointments/" + third.get("id"), doctor.token()).status()).isEqualTo(204);
        var plain = appointment(third.get("id"), staff);
        assertThat(plain).containsEntry("cancelled_by", actor(doctor, "doctor")).containsEntry("cancel_reason", null);
        java.util.HashMap<String, Object> withCode = new java.util.HashMap<>();
        withCode.put("code", "patient_request");
        withCode.put("text", null);
        var fourth = bookedByStaff(patient, date, 11);
        assertThat(api.delete("/api/appointments/" + fourth.get("id") + "?reason_code=patient_request", staff.token()).status()).isEqualTo(204);
        assertThat(appointment(fourth.get("id"), staff).get("cancel_reason")).isEqualTo(withCode);
        assertAuditClean();
    }

    /** Each bad reason, on a cancel (body or query) and on a move: 400 naming the field, the appointment unchanged. */
    @Test
    void everyBadReasonIsA400NamingItsFieldAndChangesNothing() {
        User patient = users.patient("Vera Valid");
        String date = freshDay();
        var booked = bookedByStaff(patient, date, 12);
        String id = (String) booked.get("id");
        declare(doctor, date, 1);
        List<Object[]> bad = List.of(
                new Object[] {Map.of("reason_code", "bored"), "reason_code"},
                new Object[] {Map.of("reason_code", 3), "reason_code"},
                new Object[] {Map.of("reason", "x".repeat(201)), "reason"},
                new Object[] {Map.of("reason", "line\nbreak"), "reason"},
                new Object[] {Map.of("reason", "nul\u0000"), "reason"},
                new Object[] {Map.of("reason", "zero\u200Bwidth"), "reason"},
                new Object[] {Map.of("reason", "   "), "reason"},
                new Object[] {Map.of("reason", List.of("a")), "reason"});
        for (Object[] c : bad) {
            @SuppressWarnings("unchecked")
            Map<String, Object> reason = (Map<String, Object>) c[0];
            var cancel = api.send("DELETE", "/api/appointments/" + id, staff.token(), reason, Map.of());
            assertThat(cancel.status()).as(reason + " " + cancel).isEqualTo(400);
            assertThat(cancel.code()).isEqualTo("VALIDATION_ERROR");
            assertThat(cancel.fields()).as(reason.toString()).containsKey((String) c[1]);
            Map<String, Object> move = new HashMap<>(slotFor(patient, date, 1));
            move.putAll(reason);
            var moved = api.put("/api/appointments/" + id, staff.token(), move);
            assertThat(moved.status()).as(reason + " " + moved).isEqualTo(400);
            assertThat(moved.fields()).containsKey((String) c[1]);
        }
        for (String query : List.of("reason_code=bored", "reason=" + "y".repeat(201), "reason=tab%09in", "reason_code=CLINIC")) {
            var cancel = api.delete("/api/appointments/" + id + "?" + query, staff.token());
            assertThat(cancel.status()).as(query + " " + cancel).isEqualTo(400);
            assertThat(cancel.code()).isEqualTo("VALIDATION_ERROR");
        }
        var notJson = api.send("DELETE", "/api/appointments/" + id, staff.token(), "{reason", Map.of());
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(appointment(id, staff)).isEqualTo(booked);
        // Exactly 200 characters are fine, and so is a reason of any script.
        var ok = api.send("DELETE", "/api/appointments/" + id, staff.token(), Map.of("reason", "é".repeat(200)), Map.of());
        assertThat(ok.status()).as(ok.toString()).isEqualTo(204);
        assertAuditClean();
    }

    @Test
    void staffFindPatientsByNameAPageAtATime() {
        User ann = users.patient("Annabel Zed");
        User anna = users.patient("Anna Zed");
        users.patient("Bob Zed");
        var reply = api.get("/api/patients?q=ann%20zed", staff.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.array()).extracting(p -> p.get("id")).containsExactlyInAnyOrder(ann.id(), anna.id());
        assertThat(reply.array()).allSatisfy(p -> assertThat(p).containsOnlyKeys("id", "username", "name"));
        // A page of one, then the Link to the next: each patient once.
        List<Object> seen = new java.util.ArrayList<>();
        String next = "/api/patients?q=zed&limit=1";
        int pages = 0;
        while (next != null && pages++ < 10) {
            var page = api.get(next, admin.token());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.array().forEach(p -> seen.add(p.get("id")));
            next = page.header("Link").map(OpenSlotsTest::nextLink).orElse(null);
        }
        assertThat(seen).doesNotHaveDuplicates().contains(ann.id(), anna.id());
        assertThat(seen).hasSize(3);
        // Bad terms are 400; patients and doctors may not search.
        for (String q : List.of("", "?q=", "?q=a", "?q=" + "z".repeat(65))) {
            var badTerm = api.get("/api/patients" + q, staff.token());
            assertThat(badTerm.status()).as(q + " " + badTerm).isEqualTo(400);
            assertThat(badTerm.fields()).containsKey("q");
        }
        assertThat(api.get("/api/patients?q=zed&limit=0", staff.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/patients?q=zed&cursor=forged", staff.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/patients?q=zed", ann.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/patients?q=zed", doctor.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/patients?q=zed", null).status()).isEqualTo(401);
    }

    @Test
    void staffSeeEveryDoctorsScheduleAndEveryAppointment() {
        User patient = users.patient("Sid Scheduled");
        String date = freshDay();
        var booked = bookedByStaff(patient, date, 3);
        var schedule = api.get("/api/availabilities/?doctor=" + doctor.id() + "&date=" + date + "&status=open,closed,booked", staff.token());
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        assertThat(schedule.array()).anySatisfy(a -> assertThat(a).containsEntry("status", "booked").containsEntry("appointment", booked.get("id")));
        assertThat(api.get("/api/appointments/?from=" + date + "&to=" + date, staff.token()).array())
                .extracting(a -> a.get("id")).contains(booked.get("id"));
        assertThat(api.get("/api/appointments/search/?patient=sid", staff.token()).array())
                .extracting(a -> a.get("id")).contains(booked.get("id"));
        assertThat(api.get("/api/doctors/" + doctor.id() + "/policy", staff.token()).status()).isEqualTo(200);
    }

    @Test
    void staffReadEveryDoctorsHoursAndTimeOffButChangeNeither() {
        User hoursDoctor = users.doctor("Hana Hours");
        String monday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(2)
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)).toString();
        Map<String, Object> week = new HashMap<>();
        week.put("effective_from", monday);
        week.put("until", null);
        week.put("week", Map.of("monday", List.of(Map.of("from", "09:00", "to", "09:30"))));
        assertThat(api.put("/api/doctors/" + hoursDoctor.id() + "/hours", admin.token(), week).status()).isEqualTo(200);
        String away = java.time.LocalDate.parse(monday).plusDays(1).toString();
        var taken = api.post("/api/doctors/" + hoursDoctor.id() + "/time-off", hoursDoctor.token(),
                Map.of("from", away, "to", away, "reason", "Conference"));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(201);

        var hours = api.get("/api/doctors/" + hoursDoctor.id() + "/hours", staff.token());
        assertThat(hours.status()).as(hours.toString()).isEqualTo(200);
        assertThat((List<?>) hours.object().get("patterns")).singleElement()
                .satisfies(p -> assertThat(((Map<?, ?>) p).get("effective_from")).isEqualTo(monday));
        var timeOff = api.get("/api/doctors/" + hoursDoctor.id() + "/time-off", staff.token());
        assertThat(timeOff.status()).as(timeOff.toString()).isEqualTo(200);
        assertThat((List<?>) timeOff.object().get("time_off")).singleElement()
                .satisfies(t -> {
                    assertThat(((Map<?, ?>) t).get("id")).isEqualTo(taken.object().get("id"));
                    assertThat(((Map<?, ?>) t).get("from")).isEqualTo(away);
                });

        // Reading is not changing: every change is still the doctor's or an admin's, and refused leaves all as it was.
        week.put("week", Map.of("tuesday", List.of(Map.of("from", "10:00", "to", "10:30"))));
        assertThat(api.put("/api/doctors/" + hoursDoctor.id() + "/hours", staff.token(), week).status()).isEqualTo(403);
        assertThat(api.post("/api/doctors/" + hoursDoctor.id() + "/time-off", staff.token(),
                Map.of("from", monday, "to", monday, "reason", "Not theirs")).status()).isEqualTo(403);
        assertThat(api.delete("/api/doctors/" + hoursDoctor.id() + "/time-off/" + taken.object().get("id"), staff.token()).status())
                .isEqualTo(403);
        assertThat(api.get("/api/doctors/" + hoursDoctor.id() + "/hours", staff.token()).object()).isEqualTo(hours.object());
        assertThat(api.get("/api/doctors/" + hoursDoctor.id() + "/time-off", staff.token()).object()).isEqualTo(timeOff.object());
        // A patient still sees neither.
        User patient = users.patient("Nosy Parker");
        assertThat(api.get("/api/doctors/" + hoursDoctor.id() + "/hours", patient.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/doctors/" + hoursDoctor.id() + "/time-off", patient.token()).status()).isEqualTo(403);
        assertAuditClean();
    }

    @Test
    void theEventsTheEmailsAndTheCalendarSayWhoAndWhyEscapedForEach() {
        User patient = users.patient("Eve Evented");
        String date = freshDay();
        var booked = bookedByStaff(patient, date, 4);
        String reason = "Dr <b>Grey</b>, sorry; \"ill\" & away";
        var cancelled = api.send("DELETE", "/api/appointments/" + booked.get("id"), staff.token(),
                Map.of("reason_code", "doctor_unavailable", "reason", reason), Map.of());
        assertThat(cancelled.status()).isEqualTo(204);
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        List<Map<String, Object>> events = stack.events().delivered().stream()
                .filter(e -> e.get("detail") instanceof Map<?, ?> d && booked.get("id").equals(d.get("id"))).toList();
        assertThat(events).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> bookedDetail = (Map<String, Object>) events.get(0).get("detail");
        @SuppressWarnings("unchecked")
        Map<String, Object> cancelDetail = (Map<String, Object>) events.get(1).get("detail");
        assertThat(bookedDetail).containsEntry("bookedBy", actor(staff, "staff")).doesNotContainKey("cancelationReason");
        assertThat(cancelDetail).containsEntry("type", "appointment.cancelled").containsEntry("bookedBy", actor(staff, "staff"))
                .containsEntry("cancelledBy", actor(staff, "staff"))
                .containsEntry("cancelationReason", Map.of("coding", List.of(Map.of("system", "urn:clinic:cancel-reason",
                        "code", "doctor_unavailable")), "text", reason));
        // The patient's email: the reason in the text as given, in the HTML escaped.
        var mail = LocalMail.sent(TestStack.emulator().endpoint()).stream()
                .filter(m -> m.to().contains(patient.username() + "@example.com") && m.subject().startsWith("Appointment cancelled")).toList();
        assertThat(mail).singleElement().satisfies(m -> {
            assertThat(m.part("text/plain")).hasValueSatisfying(t -> assertThat(t).contains("Reason: doctor unavailable: " + reason));
            assertThat(m.part("text/html")).hasValueSatisfying(h -> assertThat(h)
                    .contains("Reason: doctor unavailable: Dr &lt;b&gt;Grey&lt;/b&gt;, sorry; &quot;ill&quot; &amp; away").doesNotContain("<b>"));
        });
        // The calendar: DESCRIPTION with RFC 5545's escapes (comma, semicolon).
        var ics = api.get("/api/calendar.ics", patient.token());
        assertThat(ics.status()).isEqualTo(200);
        String unfolded = ics.body().replace("\r\n ", "");
        assertThat(unfolded).contains("DESCRIPTION:Cancelled (doctor unavailable): Dr <b>Grey</b>\\, sorry\\; \"ill\" & away");
    }

    /** A booking staff make for a patient is the patient's: a retry with the same Idempotency-Key books nothing more. */
    @Test
    void staffRetryingABookingWithItsIdempotencyKeyGetTheSameAppointment() {
        User patient = users.patient("Ida Idem");
        String date = freshDay();
        declare(doctor, date, 2);
        Map<String, String> key = Map.of("Idempotency-Key", "desk-" + patient.id());
        var first = api.send("POST", "/api/appointments/", staff.token(), slotFor(patient, date, 2), key);
        var again = api.send("POST", "/api/appointments/", staff.token(), slotFor(patient, date, 2), key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.object().get("id")).isEqualTo(first.object().get("id"));
        assertThat(api.get("/api/appointments/", patient.token()).array()).hasSize(1);
    }

    /** A move's reason may come in the query too, as a cancel's. */
    @Test
    void aMovesReasonMayComeInTheQuery() {
        User patient = users.patient("Quin Query");
        String date = freshDay();
        var booked = bookedByStaff(patient, date, 8);
        declare(doctor, date, 9);
        var moved = api.put("/api/appointments/" + booked.get("id") + "?reason_code=patient_request&reason=asked%20by%20phone",
                staff.token(), slotFor(patient, date, 9));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.object()).containsEntry("cancel_reason", Map.of("code", "patient_request", "text", "asked by phone"));
    }
}
