package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Appointment.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The visit's table of status changes (docs/decisions.md, "The visit"), pinned whole, and who may record it. */
class VisitRulesTest {
    private static final Instant NOW = Instant.parse("2030-01-15T09:31:00Z");
    private static final UserRef DOCTOR = new UserRef("d", "doc", "Doc");
    private static final UserRef PATIENT = new UserRef("p", "pat", "Pat");

    private static Appointment in(Status status) {
        return new Appointment("a", PATIENT, DOCTOR, LocalDate.parse("2030-01-15"),
                new TimeSlot(2, new TimeRange(LocalTime.of(9, 30), LocalTime.of(10, 0))), status, NOW, 3);
    }

    /** Every (from, to) with its answer, as text: a rule changes only where a reviewer sees it. */
    @Test
    void theWholeTableAsText() {
        List<String> rows = new ArrayList<>();
        for (Status from : Status.values()) {
            for (Status to : List.of(Status.ARRIVED, Status.FULFILLED, Status.NOSHOW)) {
                String answer;
                try {
                    answer = Visit.decide(in(from), to, true, NOW, "d", "doctor").map(c -> "-> " + c.status().wire()).orElse("unchanged");
                } catch (Problem.Conflict refused) {
                    answer = "409 " + refused.code();
                }
                rows.add(from.wire() + " " + to.wire() + ": " + answer);
            }
        }
        assertThat(rows).containsExactly(
                "booked arrived: -> arrived", "booked fulfilled: 409 INVALID_TRANSITION", "booked noshow: -> noshow",
                "cancelled arrived: 409 NOT_BOOKED", "cancelled fulfilled: 409 NOT_BOOKED", "cancelled noshow: 409 NOT_BOOKED",
                "arrived arrived: unchanged", "arrived fulfilled: -> fulfilled", "arrived noshow: 409 INVALID_TRANSITION",
                "fulfilled arrived: 409 INVALID_TRANSITION", "fulfilled fulfilled: unchanged", "fulfilled noshow: 409 INVALID_TRANSITION",
                "noshow arrived: -> arrived", "noshow fulfilled: 409 INVALID_TRANSITION", "noshow noshow: unchanged");
    }

    @Test
    void beforeTheStartEveryAllowedChangeIs409NotStarted() {
        for (Status to : List.of(Status.ARRIVED, Status.NOSHOW)) {
            assertThatThrownBy(() -> Visit.decide(in(Status.BOOKED), to, false, NOW, "d", "doctor"))
                    .isInstanceOfSatisfying(Problem.Conflict.class, c -> assertThat(c.code()).isEqualTo("NOT_STARTED"));
        }
    }

    @Test
    void aChangeNamesItsStatusTimeAndWho() {
        assertThat(Visit.decide(in(Status.BOOKED), Status.ARRIVED, true, NOW, "d", "doctor"))
                .contains(new Visit.Change(Status.ARRIVED, NOW, "d", "doctor"));
    }

    @Test
    void bookedAndCancelledAreNoVisitStatus() {
        for (Status to : List.of(Status.BOOKED, Status.CANCELLED)) {
            assertThatThrownBy(() -> Visit.decide(in(Status.BOOKED), to, true, NOW, "d", "doctor")).isInstanceOf(Problem.Invalid.class);
        }
    }

    @Test
    void itsDoctorAdminsAndStaffRecordItItsPatientAndOtherDoctorsDoNot() {
        Appointment a = in(Status.BOOKED);
        assertThat(Visit.recorderRole(new Caller("d", "doc", Set.of(Role.DOCTOR)), a)).contains("doctor");
        assertThat(Visit.recorderRole(new Caller("x", "adm", Set.of(Role.ADMIN)), a)).contains("admin");
        assertThat(Visit.recorderRole(new Caller("o", "other", Set.of(Role.DOCTOR)), a)).isEmpty();
        assertThat(Visit.recorderRole(new Caller("p", "pat", Set.of(Role.PATIENT)), a)).isEmpty();
        assertThat(Visit.recorderRole(new Caller("p", "pat", Set.of()), a)).isEmpty();
        assertThat(Visit.recorderRole(new Caller("s", "desk", Set.of(Role.STAFF)), a)).contains("staff");
    }

    @Test
    void theNoShowCountMovesIntoAndOutOfNoshowOnly() {
        assertThat(Visit.noShowDelta(Status.BOOKED, Status.NOSHOW)).isEqualTo(1);
        assertThat(Visit.noShowDelta(Status.NOSHOW, Status.ARRIVED)).isEqualTo(-1);
        assertThat(Visit.noShowDelta(Status.BOOKED, Status.ARRIVED)).isZero();
        assertThat(Visit.noShowDelta(Status.ARRIVED, Status.FULFILLED)).isZero();
    }
}
