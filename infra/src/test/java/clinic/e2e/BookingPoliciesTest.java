package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api.Reply;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Booking policies (issue 19; docs/decisions.md, "Booking policies"), end to end over HTTP, with a
 * clinic-wide policy of 120 minutes' notice, 30 days' horizon and a 24-hour cancellation cutoff, as
 * the template's parameters would set it. Each rule is tried exactly at its edge (the clock stopped
 * there) and just past it. Slot n starts at 09:00 + 30 (n - 1) minutes, in UTC.
 */
class BookingPoliciesTest extends EndToEndTest {
    private static final int NOTICE = 120;
    private static final int HORIZON = 30;
    private static final int CUTOFF = 24;

    private User admin;
    private User patient;

    @Override
    protected Map<String, String> settings() {
        return Map.of("MIN_NOTICE_MINUTES", "" + NOTICE, "BOOKING_HORIZON_DAYS", "" + HORIZON, "CANCEL_CUTOFF_HOURS", "" + CUTOFF);
    }

    @BeforeAll
    void signIn() {
        admin = users.admin();
        patient = users.patient("Pat Policy");
    }

    @AfterEach
    void clockBackToNow() {
        stack.clock().set(Instant.now());
    }

    private static Instant start(String day, int slot) {
        return LocalDate.parse(day).atTime(LocalTime.of(9, 0).plusMinutes(30L * (slot - 1))).toInstant(ZoneOffset.UTC);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private String policy(User doctor) {
        return "/api/doctors/" + doctor.id() + "/policy";
    }

    /** A policy body: every rule named, null for the clinic's. */
    private static String rules(Integer notice, Integer horizon, Integer cutoff) {
        return "{\"min_notice_minutes\":" + notice + ",\"horizon_days\":" + horizon + ",\"cancel_cutoff_hours\":" + cutoff + "}";
    }

    private Reply cancel(Map<String, Object> appointment, User caller) {
        return api.delete("/api/appointments/" + appointment.get("id") + "/", caller.token());
    }

    private Reply move(Map<String, Object> appointment, User doctor, String day, int slot) {
        return api.put("/api/appointments/" + appointment.get("id") + "/", patient.token(),
                Map.of("doctor", doctor.id(), "date", day, "time_slot", slot));
    }

    @Test
    void aSlotCanBeBookedUntilExactlyTheMinimumNoticeBeforeItAndIs409TooSoonAfter() {
        User doctor = users.doctor("Nora Notice");
        String day = freshDay();
        declare(doctor, day, 5);
        declare(doctor, day, 6);
        declare(doctor, day, 7);

        stack.clock().stopAt(start(day, 5).minus(Duration.ofMinutes(NOTICE)));
        booked(patient, doctor, day, 5);
        stack.clock().stopAt(start(day, 6).minus(Duration.ofMinutes(NOTICE)).plusMillis(1));
        var tooSoon = book(users.patient("Sam Soon"), doctor, day, 6);
        assertThat(tooSoon.status()).as(tooSoon.toString()).isEqualTo(409);
        assertThat(tooSoon.code()).isEqualTo("TOO_SOON");
        assertThat(openSlots("doctor=" + doctor.id() + "&date=" + day, doctor)).extracting(a -> a.get("time_slot"))
                .as("the slot stays open").contains(6);
        assertAuditClean();
    }

    @Test
    void reschedulingIntoASlotWithinTheNoticeIs409TooSoonAndTheAppointmentStays() {
        User doctor = users.doctor("Rita Resched");
        // No cutoff of the doctor's own, so leaving slot 9 the same day is allowed: the notice alone is tried.
        assertThat(api.put(policy(doctor), admin.token(), rules(null, null, 0)).status()).isEqualTo(200);
        String day = freshDay();
        declare(doctor, day, 9);
        declare(doctor, day, 3);
        Map<String, Object> appointment = booked(patient, doctor, day, 9);

        stack.clock().stopAt(start(day, 3).minus(Duration.ofMinutes(NOTICE)).plusSeconds(1));
        var moved = move(appointment, doctor, day, 3);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(409);
        assertThat(moved.code()).isEqualTo("TOO_SOON");
        assertThat(api.get("/api/appointments/" + appointment.get("id") + "/", patient.token()).object().get("time_slot")).isEqualTo(9);

        stack.clock().stopAt(start(day, 3).minus(Duration.ofMinutes(NOTICE)));
        assertThat(move(appointment, doctor, day, 3).status()).isEqualTo(200);
        assertAuditClean();
    }

    @Test
    void aSlotExactlyTheHorizonAheadCanBeBookedAndOneDayFurtherIs409TooFarAhead() {
        User doctor = users.doctor("Hal Horizon");
        stack.clock().stopAt(today().atTime(6, 0).toInstant(ZoneOffset.UTC));
        String last = today().plusDays(HORIZON).toString();
        String beyond = today().plusDays(HORIZON + 1).toString();
        declare(doctor, last, 1);
        declare(doctor, beyond, 1);

        booked(patient, doctor, last, 1);
        var tooFar = book(patient, doctor, beyond, 1);
        assertThat(tooFar.status()).as(tooFar.toString()).isEqualTo(409);
        assertThat(tooFar.code()).isEqualTo("TOO_FAR_AHEAD");
        assertAuditClean();
    }

    @Test
    void aPatientMayCancelUntilExactlyTheCutoffAndIs409CancelCutoffAfterWhileDoctorsAndAdminsAreExempt() {
        User doctor = users.doctor("Cora Cutoff");
        String day = freshDay();
        for (int slot = 1; slot <= 5; slot++) {
            declare(doctor, day, slot);
        }
        Map<String, Object> atTheEdge = booked(patient, doctor, day, 1);
        Map<String, Object> pastIt = booked(patient, doctor, day, 2);
        Map<String, Object> byDoctor = booked(patient, doctor, day, 3);
        Map<String, Object> byAdmin = booked(patient, doctor, day, 4);

        stack.clock().stopAt(start(day, 1).minus(Duration.ofHours(CUTOFF)));
        assertThat(cancel(atTheEdge, patient).status()).isEqualTo(204);

        stack.clock().stopAt(start(day, 2).minus(Duration.ofHours(CUTOFF)).plusMillis(1));
        var late = cancel(pastIt, patient);
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("CANCEL_CUTOFF");
        var lateMove = move(pastIt, doctor, day, 5);
        assertThat(lateMove.status()).as(lateMove.toString()).isEqualTo(409);
        assertThat(lateMove.code()).isEqualTo("CANCEL_CUTOFF");
        assertThat(api.get("/api/appointments/" + pastIt.get("id") + "/", patient.token()).object())
                .containsEntry("status", "booked").containsEntry("time_slot", 2);

        assertThat(cancel(byDoctor, doctor).status()).as("doctors are exempt").isEqualTo(204);
        assertThat(cancel(byAdmin, admin).status()).as("admins are exempt").isEqualTo(204);
        assertAuditClean();
    }

    @Test
    void aDoctorsOwnRulesOverrideTheClinicsAndANullRuleFallsBackToIt() {
        User doctor = users.doctor("Olga Own");
        var set = api.put(policy(doctor), admin.token(), rules(0, 60, null));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        Map<String, Object> shown = api.get(policy(doctor), patient.token()).object();
        assertThat(shown).containsEntry("doctor", doctor.id()).containsEntry("min_notice_minutes", 0)
                .containsEntry("horizon_days", 60).containsEntry("cancel_cutoff_hours", CUTOFF);
        assertThat(rules(shown, "own")).containsEntry("min_notice_minutes", 0).containsEntry("horizon_days", 60)
                .containsEntry("cancel_cutoff_hours", null);
        assertThat(rules(shown, "clinic")).containsEntry("min_notice_minutes", NOTICE).containsEntry("horizon_days", HORIZON)
                .containsEntry("cancel_cutoff_hours", CUTOFF);

        // The doctor's 60 days, not the clinic's 30; the doctor's notice of 0, not the clinic's 120 minutes.
        stack.clock().stopAt(today().atTime(6, 0).toInstant(ZoneOffset.UTC));
        String far = today().plusDays(45).toString();
        declare(doctor, far, 1);
        declare(doctor, far, 2);
        Map<String, Object> farAway = booked(patient, doctor, far, 1);
        String soon = today().plusDays(1).toString();
        declare(doctor, soon, 1);
        declare(doctor, soon, 2);
        stack.clock().stopAt(start(soon, 1).minus(Duration.ofMinutes(1)));
        Map<String, Object> inAMinute = booked(patient, doctor, soon, 1);

        // No cutoff of its own: the clinic's 24 hours hold.
        var late = cancel(inAMinute, patient);
        assertThat(late.code()).as(late.toString()).isEqualTo("CANCEL_CUTOFF");
        // A stricter cutoff of its own: 48 hours refuse a cancel 30 hours ahead, which the clinic's would allow.
        assertThat(api.put(policy(doctor), admin.token(), rules(null, null, 48)).status()).isEqualTo(200);
        stack.clock().stopAt(start(far, 1).minus(Duration.ofHours(30)));
        assertThat(cancel(farAway, patient).code()).isEqualTo("CANCEL_CUTOFF");
        // A cutoff of 0: until the start.
        assertThat(api.put(policy(doctor), admin.token(), rules(null, null, 0)).status()).isEqualTo(200);
        assertThat(cancel(farAway, patient).status()).isEqualTo(204);

        // Every rule null again: the clinic's 30 days and 120 minutes.
        assertThat(api.put(policy(doctor), admin.token(), rules(null, null, null)).object()).containsEntry("horizon_days", HORIZON);
        stack.clock().stopAt(today().atTime(6, 0).toInstant(ZoneOffset.UTC));
        assertThat(book(patient, doctor, far, 2).code()).isEqualTo("TOO_FAR_AHEAD");
        stack.clock().stopAt(start(soon, 2).minus(Duration.ofMinutes(NOTICE - 1)));
        assertThat(book(patient, doctor, soon, 2).code()).isEqualTo("TOO_SOON");
        assertAuditClean();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rules(Map<String, Object> policy, String whose) {
        return (Map<String, Object>) policy.get(whose);
    }

    @Test
    void aPatientsOpenListShowsOnlyWhatTheyCouldBookNowAndDoctorsSeeEveryOpenSlot() {
        User strict = users.doctor("Lena Listed");
        User relaxed = users.doctor("Rory Relaxed");
        assertThat(api.put(policy(relaxed), admin.token(), rules(0, 40, null)).status()).isEqualTo(200);
        stack.clock().stopAt(today().atTime(6, 0).toInstant(ZoneOffset.UTC));
        String day = today().toString();
        String last = today().plusDays(HORIZON).toString();
        String beyond = today().plusDays(HORIZON + 1).toString();
        for (User doctor : List.of(strict, relaxed)) {
            for (int slot = 1; slot <= 4; slot++) {
                declare(doctor, day, slot);
            }
            declare(doctor, last, 1);
            declare(doctor, beyond, 1);
        }
        // 08:00 on the day: 09:00 and 09:30 are within the clinic's 120 minutes, 10:00 exactly at them.
        stack.clock().stopAt(start(day, 1).minus(Duration.ofHours(1)));

        assertThat(slots("doctor=" + strict.id() + "&date=" + day, patient)).containsExactly(3, 4);
        assertThat(slots("doctor=" + relaxed.id() + "&date=" + day, patient)).containsExactly(1, 2, 3, 4);
        assertThat(doctorsOf("date=" + day, patient, strict, relaxed))
                .containsExactlyInAnyOrder(relaxed.id() + "#1", relaxed.id() + "#2", strict.id() + "#3", relaxed.id() + "#3",
                        strict.id() + "#4", relaxed.id() + "#4");
        assertThat(doctorsOf("from=" + last + "&to=" + beyond, patient, strict, relaxed))
                .containsExactlyInAnyOrder(strict.id() + "#1", relaxed.id() + "#1", relaxed.id() + "#1");
        assertThat(slots("doctor=" + strict.id() + "&from=" + last + "&to=" + beyond, patient)).hasSize(1);

        // Doctors and admins book nothing: they see every open slot, their own schedule included.
        assertThat(slots("doctor=" + strict.id() + "&date=" + day, strict)).containsExactly(1, 2, 3, 4);
        assertThat(slots("doctor=" + strict.id() + "&from=" + last + "&to=" + beyond, admin)).hasSize(2);
    }

    private List<Object> slots(String query, User caller) {
        return openSlots(query, caller).stream().map(a -> a.get("time_slot")).toList();
    }

    /** The listed slots of the two doctors, as doctor#slot, in the list's order. */
    private List<String> doctorsOf(String query, User caller, User one, User other) {
        return openSlots(query + "&limit=100", caller).stream()
                .filter(a -> a.get("doctor").equals(one.id()) || a.get("doctor").equals(other.id()))
                .map(a -> a.get("doctor") + "#" + a.get("time_slot")).toList();
    }

    @Test
    void badPoliciesAre400AndChangeNothing() {
        User doctor = users.doctor("Bea Bad");
        assertThat(api.put(policy(doctor), admin.token(), rules(30, null, null)).status()).isEqualTo(200);
        Map<String, Object> before = api.get(policy(doctor), admin.token()).object();
        for (String body : List.of("{\"min_notice_minutes\":-1}", "{\"horizon_days\":100000}", "{\"cancel_cutoff_hours\":\"24\"}",
                "{\"min_notice_minutes\":1.5}", "{\"horizon_days\":true}", "{\"cancel_cutoff_hours\":[24]}",
                "{\"min_notice_minutes\":99999999999999999999}", "[]", "\"x\"", "{\"horizon_days\":{}}")) {
            var refused = api.put(policy(doctor), admin.token(), body);
            assertThat(refused.status()).as(body + " -> " + refused).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("VALIDATION_ERROR");
        }
        var two = api.put(policy(doctor), admin.token(), "{\"min_notice_minutes\":-5,\"horizon_days\":null,\"cancel_cutoff_hours\":9000}");
        assertThat(two.fields()).containsOnlyKeys("min_notice_minutes", "cancel_cutoff_hours");
        // Every rule is named, null for the clinic's: a misspelt or forgotten one is a 400, not a silent null.
        var misspelt = api.put(policy(doctor), admin.token(), "{\"min_notice_minute\":60,\"horizon_days\":null,\"cancel_cutoff_hours\":null}");
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.fields()).containsOnlyKeys("min_notice_minutes");
        assertThat(api.put(policy(doctor), admin.token(), "{}").fields())
                .containsOnlyKeys("min_notice_minutes", "horizon_days", "cancel_cutoff_hours");
        assertThat(api.put(policy(doctor), admin.token(), "{\"min_notice_minutes\":").code()).isEqualTo("MALFORMED_JSON");
        assertThat(api.get(policy(doctor), admin.token()).object()).isEqualTo(before);

        // Unknown fields are ignored, as everywhere in the API.
        assertThat(api.put(policy(doctor), admin.token(), "{\"min_notice_minutes\":30,\"horizon_days\":null,\"cancel_cutoff_hours\":null,\"colour\":\"red\"}").status()).isEqualTo(200);
        // Who is not a doctor has no policy: 404, for a patient's id, an unknown one or one that names nothing.
        assertThat(api.put("/api/doctors/" + patient.id() + "/policy", admin.token(), rules(null, null, null)).status()).isEqualTo(404);
        assertThat(api.get("/api/doctors/" + patient.id() + "/policy", admin.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/doctors/00000000-0000-4000-8000-000000000000/policy", patient.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/doctors/nobody/policy", patient.token()).status()).isEqualTo(404);
    }
}
