package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api.Reply;
import clinic.support.EndToEndTest;
import clinic.support.Race;
import clinic.support.Users.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The visit (issue 20; docs/decisions.md, "The visit"), end to end over HTTP: the appointment's
 * doctor, or an admin, records arrived, fulfilled or noshow from its start, each change checked
 * against the table of transitions, kept in {@code status_history}, and guarded against a change or
 * a cancel that wins between its read and its write. Slot n starts at 09:00 + 30 (n - 1) minutes, UTC.
 */
class VisitTest extends EndToEndTest {
    private User admin;
    private User doctor;
    private User patient;
    /** Run once, on its own thread, just before the next TransactWriteItems: a competitor between a read and its write. */
    private volatile Runnable beforeNextWrite;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                Runnable competitor = beforeNextWrite;
                if (competitor != null && "TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    beforeNextWrite = null;
                    Race.onItsOwnThread("visit-competitor", competitor);
                }
            }
        });
    }

    @BeforeAll
    void signIn() {
        admin = users.admin();
        doctor = users.doctor("Vera Visit");
        patient = users.patient("Paul Visit");
    }

    @AfterEach
    void clockBackToNow() {
        beforeNextWrite = null;
        stack.clock().set(Instant.now());
    }

    private static Instant start(String day, int slot) {
        return LocalDate.parse(day).atTime(LocalTime.of(9, 0).plusMinutes(30L * (slot - 1))).toInstant(ZoneOffset.UTC);
    }

    /** A booked appointment on a fresh day's slot 1, with the clock then stopped {@code afterStart} past its start. */
    private Map<String, Object> bookedAndStarted(java.time.Duration afterStart) {
        String day = freshDay();
        declare(doctor, day, 1);
        Map<String, Object> appointment = booked(patient, doctor, day, 1);
        stack.clock().stopAt(start(day, 1).plus(afterStart));
        return appointment;
    }

    private Reply mark(Map<String, Object> appointment, User caller, String status) {
        return api.post("/api/appointments/" + appointment.get("id") + "/status", caller.token(), Map.of("status", status));
    }

    private Map<String, Object> read(Map<String, Object> appointment) {
        Reply reply = api.get("/api/appointments/" + appointment.get("id") + "/", admin.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object();
    }

    @SuppressWarnings("unchecked")
    private static List<String> history(Map<String, Object> appointment) {
        return ((List<Map<String, Object>>) appointment.get("status_history")).stream().map(c -> (String) c.get("status")).toList();
    }

    @Test
    void fromItsStartTheDoctorMarksArrivedThenFulfilledAndTheHistoryNamesEachChangeAndWho() {
        var appointment = bookedAndStarted(java.time.Duration.ZERO);
        assertThat(history(appointment)).isEmpty();

        Reply arrived = mark(appointment, doctor, "arrived");
        assertThat(arrived.status()).as(arrived.toString()).isEqualTo(200);
        assertThat(arrived.object()).containsEntry("status", "arrived").containsEntry("id", appointment.get("id"));
        Reply fulfilled = mark(appointment, doctor, "fulfilled");
        assertThat(fulfilled.status()).as(fulfilled.toString()).isEqualTo(200);

        Map<String, Object> now = read(appointment);
        assertThat(now).containsEntry("status", "fulfilled");
        assertThat(history(now)).containsExactly("arrived", "fulfilled");
        @SuppressWarnings("unchecked")
        var first = ((List<Map<String, Object>>) now.get("status_history")).get(0);
        assertThat(first.get("by")).isEqualTo(Map.of("id", doctor.id(), "role", "doctor"));
        assertThat(first.get("at")).isEqualTo(stack.clock().instant().toString());
        assertAuditClean();
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachChangeIsAnnouncedOnceAsStatusChangedCarryingTheStatusThePreviousOneAndWho() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(2));
        assertThat(mark(appointment, doctor, "noshow").status()).isEqualTo(200);
        assertThat(mark(appointment, doctor, "noshow").status()).as("a repeat: no event").isEqualTo(200);
        assertThat(mark(appointment, admin, "arrived").status()).isEqualTo(200);
        stack.publisherSource().drain();
        List<Map<String, Object>> changes = stack.events().delivered().stream()
                .filter(e -> "appointment.status_changed".equals(e.get("detail-type"))
                        && appointment.get("id").equals(((Map<String, Object>) e.get("detail")).get("id"))).toList();
        assertThat(changes).hasSize(2);
        var first = (Map<String, Object>) changes.get(0).get("detail");
        var second = (Map<String, Object>) changes.get(1).get("detail");
        assertThat(first).containsEntry("id", appointment.get("id")).containsEntry("status", "noshow")
                .containsEntry("previousStatus", "booked").containsEntry("changedBy", doctor.id()).containsEntry("changedByRole", "doctor")
                .containsEntry("eventId", appointment.get("id") + "-v2");
        assertThat(second).containsEntry("status", "arrived").containsEntry("previousStatus", "noshow")
                .containsEntry("changedByRole", "admin").containsEntry("eventId", appointment.get("id") + "-v3");
    }

    @Test
    void beforeItsStartNothingIsRecorded409NotStartedAndTheAppointmentIsUnchanged() {
        var appointment = bookedAndStarted(java.time.Duration.ofMillis(-1));
        for (String status : List.of("arrived", "noshow")) {
            Reply early = mark(appointment, doctor, status);
            assertThat(early.status()).as(early.toString()).isEqualTo(409);
            assertThat(early.code()).isEqualTo("NOT_STARTED");
        }
        assertThat(read(appointment)).containsEntry("status", "booked");
        assertThat(history(read(appointment))).isEmpty();
    }

    @Test
    void theTableOfTransitionsIsHeldAndFulfilledIsFinal() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(5));
        assertThat(mark(appointment, doctor, "fulfilled").code()).as("fulfilled only after arrived").isEqualTo("INVALID_TRANSITION");
        assertThat(mark(appointment, doctor, "noshow").status()).isEqualTo(200);
        assertThat(mark(appointment, doctor, "fulfilled").code()).as("a no-show is not fulfilled").isEqualTo("INVALID_TRANSITION");
        assertThat(mark(appointment, doctor, "arrived").status()).as("the late arrival corrects a no-show").isEqualTo(200);
        assertThat(mark(appointment, doctor, "noshow").code()).as("who arrived is no no-show").isEqualTo("INVALID_TRANSITION");
        assertThat(mark(appointment, doctor, "fulfilled").status()).isEqualTo(200);
        for (String status : List.of("arrived", "noshow")) {
            Reply back = mark(appointment, doctor, status);
            assertThat(back.status()).as(back.toString()).isEqualTo(409);
            assertThat(back.code()).isEqualTo("INVALID_TRANSITION");
        }
        assertThat(history(read(appointment))).containsExactly("noshow", "arrived", "fulfilled");
    }

    @Test
    void theSameStatusAgainChangesNothing() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        assertThat(mark(appointment, doctor, "arrived").status()).isEqualTo(200);
        Reply again = mark(appointment, admin, "arrived");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(history(again.object())).containsExactly("arrived");
        assertThat(history(read(appointment))).containsExactly("arrived");
    }

    @Test
    void aCancelledAppointmentHasNoVisit409NotBooked() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token()).status()).isEqualTo(204);
        Reply arrived = mark(appointment, doctor, "arrived");
        assertThat(arrived.status()).isEqualTo(409);
        assertThat(arrived.code()).isEqualTo("NOT_BOOKED");
        assertThat(read(appointment)).containsEntry("status", "cancelled");
    }

    @Test
    void aRecordedVisitIsNeitherCancelledNorRescheduled409VisitRecorded() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        assertThat(mark(appointment, admin, "noshow").status()).isEqualTo(200);
        for (User caller : List.of(patient, doctor, admin)) {
            Reply cancel = api.delete("/api/appointments/" + appointment.get("id") + "/", caller.token());
            assertThat(cancel.status()).as(cancel.toString()).isEqualTo(409);
            assertThat(cancel.code()).isEqualTo("VISIT_RECORDED");
        }
        String later = LocalDate.parse((String) appointment.get("date")).plusDays(1).toString();
        declare(doctor, later, 2);
        Reply move = api.put("/api/appointments/" + appointment.get("id") + "/", patient.token(),
                Map.of("doctor", doctor.id(), "date", later, "time_slot", 2));
        assertThat(move.code()).as(move.toString()).isEqualTo("VISIT_RECORDED");
        assertThat(read(appointment)).containsEntry("status", "noshow");
        assertAuditClean();
    }

    @Test
    void onlyItsDoctorStaffAndAdminsRecordItItsPatientIs403AndOthers404() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        User otherDoctor = users.doctor("Olga Other");
        User otherPatient = users.patient("Otto Other");
        assertThat(mark(appointment, patient, "arrived").status()).isEqualTo(403);
        assertThat(mark(appointment, otherDoctor, "arrived").status()).isEqualTo(404);
        assertThat(mark(appointment, otherPatient, "arrived").status()).isEqualTo(404);
        assertThat(api.post("/api/appointments/" + appointment.get("id") + "/status", null, Map.of("status", "arrived")).status())
                .isEqualTo(401);
        assertThat(history(read(appointment))).isEmpty();
        assertThat(mark(appointment, admin, "arrived").status()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        var by = ((List<Map<String, Object>>) read(appointment).get("status_history")).get(0).get("by");
        assertThat(by).isEqualTo(Map.of("id", admin.id(), "role", "admin"));
    }

    @Test
    void aBadStatusIs400AndChangesNothing() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        String path = "/api/appointments/" + appointment.get("id") + "/status";
        for (Object body : List.of(Map.of(), Map.of("status", "booked"), Map.of("status", "cancelled"), Map.of("status", "ARRIVED"),
                Map.of("status", 1), Map.of("status", ""), List.of("arrived"))) {
            Reply reply = api.post(path, doctor.token(), body);
            assertThat(reply.status()).as(body + ": " + reply).isEqualTo(400);
        }
        assertThat(api.post("/api/appointments/not-an-id/status", doctor.token(), Map.of("status", "arrived")).status()).isEqualTo(404);
        assertThat(read(appointment)).containsEntry("status", "booked");
    }

    @Test
    void aChangeThatLostToAnotherBetweenItsReadAndItsWriteReadsAgainAndDecidesOnWhatWon() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        // noshow reads booked; arrived commits before its write: noshow, decided again on arrived, is refused.
        beforeNextWrite = () -> assertThat(mark(appointment, admin, "arrived").status()).isEqualTo(200);
        Reply noshow = mark(appointment, doctor, "noshow");
        assertThat(noshow.status()).as(noshow.toString()).isEqualTo(409);
        assertThat(noshow.code()).isEqualTo("INVALID_TRANSITION");
        assertThat(read(appointment)).containsEntry("status", "arrived");
        assertThat(history(read(appointment))).containsExactly("arrived");
    }

    @Test
    void aChangeThatLostToACancelIs409NotBookedAndTheCancelStands() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        beforeNextWrite = () -> assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token()).status())
                .isEqualTo(204);
        Reply arrived = mark(appointment, doctor, "arrived");
        assertThat(arrived.code()).as(arrived.toString()).isEqualTo("NOT_BOOKED");
        assertThat(read(appointment)).containsEntry("status", "cancelled");
        assertThat(history(read(appointment))).isEmpty();
        assertAuditClean();
    }

    @Test
    void aCancelThatLostToAnArrivalIs409VisitRecorded() {
        var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
        beforeNextWrite = () -> assertThat(mark(appointment, doctor, "arrived").status()).isEqualTo(200);
        Reply cancel = api.delete("/api/appointments/" + appointment.get("id") + "/", admin.token());
        assertThat(cancel.code()).as(cancel.toString()).isEqualTo("VISIT_RECORDED");
        assertThat(read(appointment)).containsEntry("status", "arrived");
        assertAuditClean();
    }

    @Test
    void racingChangesAndACancelOnRealThreadsLeaveOneConsistentHistory() throws Exception {
        for (int round = 0; round < 4; round++) {
            var appointment = bookedAndStarted(java.time.Duration.ofMinutes(1));
            List<Reply> replies;
            try (Race race = new Race(3)) {
                replies = race.run(() -> mark(appointment, doctor, "arrived"), () -> mark(appointment, admin, "noshow"),
                        () -> api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token()));
            }
            assertThat(replies).as("each change either holds or is refused as a conflict").allSatisfy(r -> assertThat(r.status()).isIn(200, 204, 409));
            Map<String, Object> now = read(appointment);
            List<String> history = history(now);
            boolean cancelled = replies.get(2).status() == 204;
            if (cancelled) {
                assertThat(now).containsEntry("status", "cancelled");
                assertThat(history).as("a cancel wins only over no recorded visit").isEmpty();
            } else {
                assertThat(replies.get(2).code()).isEqualTo("VISIT_RECORDED");
                assertThat(history).isNotEmpty();
                assertThat(now.get("status")).isEqualTo(history.get(history.size() - 1));
                assertThat(history).as("a path the table allows").isIn(List.of("arrived"), List.of("noshow"), List.of("noshow", "arrived"));
            }
            long changed = replies.subList(0, 2).stream().filter(r -> r.status() == 200).count();
            assertThat(changed).as(replies.toString()).isEqualTo(history.size());
        }
        assertAuditClean();
    }
}
