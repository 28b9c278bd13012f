package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A waiter who holds an offer for a half hour and books (or moves a booking to) that half hour,
 * with the offering doctor or another: 409 OFFER_HELD, saying it is an offer and naming the
 * entry's accept and decline routes, not "you already hold an appointment".
 */
class BookingWhileOfferedTest extends EndToEndTest {
    private User doctor;
    private User other;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Otto Offering");
        other = users.doctor("Eve Elsewhere");
    }

    /** A waiter offered {@code slot} of {@code day}: someone booked it, the waiter joined, the booking was cancelled. Returns the entry id. */
    private String offered(User waiter, String day, int slot) {
        declare(doctor, day, slot);
        User booker = users.patient("Bo Booker " + slot);
        var appointment = booked(booker, doctor, day, slot);
        var joined = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", day));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", booker.token()).status()).isEqualTo(204);
        var entry = api.get("/api/waitlist/?date=" + day, waiter.token()).array().getFirst();
        assertThat(entry.get("offer")).as("offered on the cancel").isNotNull();
        return (String) entry.get("id");
    }

    private static void isOfferHeldNaming(Api.Reply reply, String entry) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("OFFER_HELD");
        assertThat(reply.body()).contains("offer").doesNotContain("already hold an appointment")
                .contains("/api/waitlist/" + entry + "/accept").contains("/api/waitlist/" + entry + "/decline");
    }

    @Test
    void bookingTheOfferedSlotItselfIs409OfferHeldNamingHowToAcceptOrDecline() {
        User waiter = users.patient("Wes Offered");
        String day = freshDay();
        String entry = offered(waiter, day, 3);

        isOfferHeldNaming(book(waiter, doctor, day, 3), entry);
    }

    @Test
    void bookingTheSameHalfHourWithAnotherDoctorIs409OfferHeldThenBooksOnceDeclined() {
        User waiter = users.patient("Wyn Offered");
        String day = freshDay();
        String entry = offered(waiter, day, 4);
        declare(other, day, 4);

        isOfferHeldNaming(book(waiter, other, day, 4), entry);

        assertThat(api.post("/api/waitlist/" + entry + "/decline", waiter.token(), Map.of()).status()).isEqualTo(204);
        assertThat(book(waiter, other, day, 4).status()).isEqualTo(201);
        assertAuditClean();
    }

    @Test
    void movingABookingToTheHalfHourOfAnOfferIs409OfferHeld() {
        User waiter = users.patient("Wil Offered");
        String day = freshDay();
        String entry = offered(waiter, day, 5);
        declare(other, day, 5);
        declare(other, day, 9);
        var appointment = booked(waiter, other, day, 9);

        var moved = api.put("/api/appointments/" + appointment.get("id") + "/", waiter.token(),
                Map.of("doctor", other.id(), "date", day, "time_slot", 5));

        isOfferHeldNaming(moved, entry);
        assertThat(api.get("/api/appointments/" + appointment.get("id") + "/", waiter.token()).object())
                .containsEntry("time_slot", 9);
    }

    @Test
    void movingABookingIntoTheOfferedSlotItselfIs409OfferHeld() {
        User waiter = users.patient("Wat Offered");
        String day = freshDay();
        String entry = offered(waiter, day, 6);
        declare(other, day, 10);
        var appointment = booked(waiter, other, day, 10);

        var moved = api.put("/api/appointments/" + appointment.get("id") + "/", waiter.token(),
                Map.of("doctor", doctor.id(), "date", day, "time_slot", 6));

        isOfferHeldNaming(moved, entry);
    }
}
