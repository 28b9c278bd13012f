package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.Config;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A patient holds at most MaxUpcomingBookings (the template's default, 10) upcoming booked appointments. */
class BookingLimitTest extends EndToEndTest {
    private static final int LIMIT = Config.DEFAULT_MAX_UPCOMING_BOOKINGS;

    private User doctor;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Dana Doctor");
    }

    @Test
    void theBookingOverTheLimitIs409AndACancelMakesRoomAgain() {
        assertThat(stack.config().maxUpcomingBookings()).isEqualTo(LIMIT);
        User patient = users.patient("Pat Busy");
        String day = freshDay();
        String nextDay = freshDay();
        List<Map<String, Object>> held = new ArrayList<>();
        for (int slot = 1; slot <= LIMIT; slot++) {
            declare(doctor, day, slot);
            held.add(booked(patient, doctor, day, slot));
        }
        declare(doctor, nextDay, 1);

        var over = book(patient, doctor, nextDay, 1);
        assertThat(over.status()).as(over.toString()).isEqualTo(409);
        assertThat(over.code()).isEqualTo("BOOKING_LIMIT");
        assertThat(openSlots("date=" + nextDay, patient)).hasSize(1);

        // Moving one of them adds none: a reschedule at the limit is fine.
        var moved = api.put("/api/appointments/" + held.get(0).get("id") + "/", patient.token(),
                Map.of("doctor", doctor.id(), "date", nextDay, "time_slot", 1));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        declare(doctor, day, LIMIT + 1);
        assertThat(book(patient, doctor, day, LIMIT + 1).code()).isEqualTo("BOOKING_LIMIT");

        assertThat(api.delete("/api/appointments/" + held.get(1).get("id") + "/", doctor.token()).status()).isEqualTo(204);
        booked(patient, doctor, day, LIMIT + 1);
        assertThat(book(patient, doctor, day, 2).code()).isEqualTo("BOOKING_LIMIT");

        // The limit is the patient's own: another patient books as usual.
        booked(users.patient("Sam Free"), doctor, day, 2);
        assertAuditClean();
    }
}
