package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api.Reply;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The no-show limit (issue 20; docs/decisions.md, "The visit"), end to end, with the clinic's
 * {@code NoShowLimit} at 2: a patient's own booking is refused with 409 NO_SHOW_LIMIT after two
 * no-shows among appointments that started in the last 90 days, and allowed again once one is
 * corrected to arrived or has left the window. Staff still book them.
 */
class NoShowLimitTest extends EndToEndTest {
    @Override
    protected Map<String, String> settings() {
        return Map.of("NO_SHOW_LIMIT", "2");
    }

    @AfterEach
    void clockBackToNow() {
        stack.clock().set(Instant.now());
    }

    private Reply mark(Map<String, Object> appointment, User caller, String status) {
        return api.post("/api/appointments/" + appointment.get("id") + "/status", caller.token(), Map.of("status", status));
    }

    private static Instant nine(String day) {
        return LocalDate.parse(day).atTime(9, 0).toInstant(ZoneOffset.UTC);
    }

    @Test
    void aPatientWithTwoRecentNoShowsCannotBookForThemselvesUntilOneIsCorrectedOrOld() {
        User doctor = users.doctor("Nell Noshow");
        User patient = users.patient("Pete Missing");
        User other = users.patient("Olive Present");
        String first = freshDay();
        String second = freshDay();
        declare(doctor, first, 1);
        declare(doctor, second, 1);
        var missed = booked(patient, doctor, first, 1);
        var missedAgain = booked(patient, doctor, second, 1);
        String later = freshDay();
        declare(doctor, later, 3);
        declare(doctor, later, 4);

        stack.clock().set(nine(first).plusSeconds(60));
        assertThat(mark(missed, doctor, "noshow").status()).isEqualTo(200);
        stack.clock().set(nine(second).plusSeconds(60));
        assertThat(book(patient, doctor, later, 3).status()).as("one no-show: under the limit").isEqualTo(201);
        assertThat(mark(missedAgain, doctor, "noshow").status()).isEqualTo(200);

        Reply refused = book(patient, doctor, later, 4);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("NO_SHOW_LIMIT");
        assertThat(book(other, doctor, later, 4).status()).as("another patient is not bound").isEqualTo(201);

        String another = freshDay();
        declare(doctor, another, 5);
        declare(doctor, another, 6);
        assertThat(book(patient, doctor, another, 5).code()).isEqualTo("NO_SHOW_LIMIT");
        User desk = users.make(clinic.domain.Role.STAFF, "Dora Desk");
        Reply forThem = api.post("/api/appointments/", desk.token(),
                Map.of("patient", patient.id(), "doctor", doctor.id(), "date", another, "time_slot", 6));
        assertThat(forThem.status()).as("the front desk still books them: " + forThem).isEqualTo(201);
        assertThat(mark(missedAgain, doctor, "arrived").status()).as("the late arrival corrects it").isEqualTo(200);
        assertThat(book(patient, doctor, another, 5).status()).as("one no-show again").isEqualTo(201);
        assertAuditClean();
    }

    @Test
    void noShowsOlderThanNinetyDaysDoNotCount() {
        User doctor = users.doctor("Otto Old");
        User patient = users.patient("Polly Past");
        String first = freshDay();
        String second = freshDay();
        declare(doctor, first, 1);
        declare(doctor, second, 1);
        var a = booked(patient, doctor, first, 1);
        var b = booked(patient, doctor, second, 1);
        stack.clock().set(nine(first).plusSeconds(60));
        assertThat(mark(a, doctor, "noshow").status()).isEqualTo(200);
        stack.clock().set(nine(second).plusSeconds(60));
        assertThat(mark(b, doctor, "noshow").status()).isEqualTo(200);

        // 90 days after the first's start: both still count; a moment later, only the second does.
        String day = LocalDate.parse(first).plusDays(90).toString();
        declare(doctor, day, 10);
        stack.clock().stopAt(nine(first).plus(java.time.Duration.ofDays(90)));
        assertThat(book(patient, doctor, day, 10).code()).isEqualTo("NO_SHOW_LIMIT");
        // The second no-show, a day or more later, is still inside the window: one no-show, under the limit.
        stack.clock().stopAt(nine(first).plus(java.time.Duration.ofDays(90)).plusMillis(1));
        assertThat(book(patient, doctor, day, 10).status()).isEqualTo(201);
    }
}
