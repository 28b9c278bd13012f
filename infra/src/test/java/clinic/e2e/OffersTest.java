package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offers over HTTP: a slot that opens (cancel, reschedule away, reopen, declare) is held for the
 * first matching waiter in the same write; they accept it (201, the appointment) or decline it (it
 * passes on, then opens to everyone); every refusal and its code.
 */
class OffersTest extends EndToEndTest {
    private User doctor;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Olga Offering");
    }

    private Map<String, Object> joined(User patient, String date, String from, String to) {
        Map<String, Object> body = new HashMap<>(Map.of("doctor", doctor.id(), "date", date));
        if (from != null) {
            body.put("from_time", from);
            body.put("to_time", to);
        }
        var reply = api.post("/api/waitlist/", patient.token(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    /** The patient's entry for this class's doctor on that date, as they see it. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> offerOf(User patient, String date) {
        var reply = api.get("/api/waitlist/?date=" + date, patient.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array().stream().filter(e -> e.get("doctor").equals(doctor.id())).findFirst()
                .map(e -> (Map<String, Object>) e.get("offer")).orElse(null);
    }

    private Api.Reply accept(User patient, Object entryId) {
        return api.post("/api/waitlist/" + entryId + "/accept", patient.token(), Map.of());
    }

    private Api.Reply decline(User patient, Object entryId) {
        return api.post("/api/waitlist/" + entryId + "/decline", patient.token(), Map.of());
    }

    private void cancel(User caller, Map<String, Object> appointment) {
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", caller.token()).status()).isEqualTo(204);
    }

    @Test
    void aCancelledSlotIsHeldForTheFirstMatchingWaiterAndNobodyElseCanBookIt() {
        String day = freshDay();
        declare(doctor, day, 3); // 10:00-10:30
        User booker = users.patient("Bea Booker");
        var appointment = booked(booker, doctor, day, 3);
        User afternoon = users.patient("Al Afternoon");
        User first = users.patient("Fay First");
        User second = users.patient("Sid Second");
        joined(afternoon, day, "14:00:00", "16:00:00");
        joined(first, day, null, null);
        joined(second, day, "09:00:00", "12:00:00");

        Instant before = Instant.now();
        cancel(booker, appointment);

        Map<String, Object> offer = offerOf(first, day);
        assertThat(offer).as("the first waiter whose window holds 10:00").isNotNull().containsEntry("time_slot", 3);
        Instant deadline = Instant.parse((String) offer.get("deadline"));
        assertThat(deadline).isBetween(before.plusSeconds(14 * 60), Instant.now().plusSeconds(15 * 60 + 1));
        assertThat(offerOf(afternoon, day)).isNull();
        assertThat(offerOf(second, day)).isNull();
        assertThat(openSlots("date=" + day, booker)).as("a held slot is not listed open").isEmpty();
        var direct = book(users.patient("Dan Direct"), doctor, day, 3);
        assertThat(direct.status()).as(direct.toString()).isEqualTo(409);
        assertThat(direct.code()).isEqualTo("SLOT_UNAVAILABLE");
        var itself = book(first, doctor, day, 3);
        assertThat(itself.code()).as("the waiter takes it by accepting, and is told so").isEqualTo("OFFER_HELD");
        var schedule = openSlots("doctor=" + doctor.id() + "&date=" + day + "&status=held", doctor);
        assertThat(schedule).singleElement().satisfies(a -> assertThat(a).containsEntry("status", "held")
                .containsEntry("is_available", false));
        assertAuditClean();
    }

    @Test
    void acceptingBooksTheHeldSlotAndEndsTheWait() {
        String day = freshDay();
        declare(doctor, day, 4);
        User booker = users.patient("Cy Canceller");
        var appointment = booked(booker, doctor, day, 4);
        User waiter = users.patient("Wes Waiter");
        var entry = joined(waiter, day, null, null);
        cancel(booker, appointment);

        var accepted = accept(waiter, entry.get("id"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(accepted.object()).containsEntry("patient", waiter.id()).containsEntry("doctor", doctor.id())
                .containsEntry("date", day).containsEntry("time_slot", 4).containsEntry("status", "booked");
        var mine = api.get("/api/appointments/" + accepted.object().get("id") + "/", waiter.token());
        assertThat(mine.status()).isEqualTo(200);
        assertThat(api.get("/api/waitlist/", waiter.token()).array()).as("the entry is gone").isEmpty();
        assertThat(accept(waiter, entry.get("id")).status()).as("a second accept: the entry is gone").isEqualTo(404);
        assertThat(openSlots("date=" + day, booker)).isEmpty();
        assertAuditClean();
    }

    @Test
    void decliningPassesTheOfferDownTheQueueThenTheSlotOpensToEveryone() {
        String day = freshDay();
        declare(doctor, day, 5);
        User booker = users.patient("Di Decliner-Booker");
        var appointment = booked(booker, doctor, day, 5);
        User first = users.patient("Ann One");
        User second = users.patient("Bo Two");
        var firstEntry = joined(first, day, null, null);
        var secondEntry = joined(second, day, null, null);
        cancel(booker, appointment);
        assertThat(offerOf(first, day)).isNotNull();

        assertThat(decline(first, firstEntry.get("id")).status()).isEqualTo(204);
        assertThat(offerOf(first, day)).as("the entry stays, without the offer").isNull();
        assertThat(offerOf(second, day)).containsEntry("time_slot", 5);
        assertThat(openSlots("date=" + day, booker)).isEmpty();
        assertAuditClean();

        assertThat(decline(second, secondEntry.get("id")).status()).isEqualTo(204);
        assertThat(offerOf(second, day)).isNull();
        assertThat(offerOf(first, day)).as("it does not come back to who declined it").isNull();
        assertThat(openSlots("date=" + day, booker)).as("nobody left: open to everyone").hasSize(1);
        booked(users.patient("Ed Everyone"), doctor, day, 5);
        assertAuditClean();
    }

    @Test
    void reschedulingAwayReopeningAndDeclaringOfferTheSlotToo() {
        String day = freshDay();
        User waiter = users.patient("Rae Rescheduled-For");
        joined(waiter, day, null, null);
        User mover = users.patient("Mo Mover");
        declare(doctor, day, 6);
        // Declaring offers the new slot at once.
        assertThat(offerOf(waiter, day)).containsEntry("time_slot", 6);
        var entry = api.get("/api/waitlist/?date=" + day, waiter.token()).array().getFirst();
        assertThat(decline(waiter, entry.get("id")).status()).isEqualTo(204);
        var appointment = booked(mover, doctor, day, 6);

        declare(users.doctor("Other Offering"), day, 7);
        var moved = api.put("/api/appointments/" + appointment.get("id") + "/", mover.token(),
                Map.of("doctor", users.doctor("Third Offering").id(), "date", day, "time_slot", 8));
        assertThat(moved.status()).as("no open slot there").isEqualTo(409);
        User other = users.doctor("Fourth Offering");
        declare(other, day, 8);
        moved = api.put("/api/appointments/" + appointment.get("id") + "/", mover.token(),
                Map.of("doctor", other.id(), "date", day, "time_slot", 8));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(offerOf(waiter, day)).as("the slot it left is offered").containsEntry("time_slot", 6);
        assertThat(decline(waiter, entry.get("id")).status()).isEqualTo(204);

        var closing = declare(doctor, day, 9);
        // 9 went to... nobody: the waiter declined only 6, so 9 is offered to them.
        assertThat(offerOf(waiter, day)).containsEntry("time_slot", 9);
        var closeHeld = api.put("/api/availabilities/" + closing.get("id") + "/", doctor.token(),
                Map.of("date", day, "time_slot", 9, "is_available", false));
        assertThat(closeHeld.status()).isEqualTo(409);
        assertThat(closeHeld.code()).isEqualTo("SLOT_BOOKED");
        assertThat(decline(waiter, entry.get("id")).status()).isEqualTo(204);
        var closed = api.put("/api/availabilities/" + closing.get("id") + "/", doctor.token(),
                Map.of("date", day, "time_slot", 9, "is_available", false));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        var reopened = api.put("/api/availabilities/" + closing.get("id") + "/", doctor.token(),
                Map.of("date", day, "time_slot", 9, "is_available", true));
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        assertThat(offerOf(waiter, day)).as("reopening offers it again").containsEntry("time_slot", 9);
        assertAuditClean();
    }

    @Test
    void leavingWithALiveOfferPassesItOn() {
        String day = freshDay();
        declare(doctor, day, 10);
        User booker = users.patient("Lu Leaver-Booker");
        var appointment = booked(booker, doctor, day, 10);
        User leaver = users.patient("Lee Leaver");
        User next = users.patient("Nat Next");
        var entry = joined(leaver, day, null, null);
        joined(next, day, null, null);
        cancel(booker, appointment);
        assertThat(api.delete("/api/waitlist/" + entry.get("id") + "/", leaver.token()).status()).isEqualTo(204);
        assertThat(offerOf(next, day)).containsEntry("time_slot", 10);
        assertAuditClean();
    }

    @Test
    void refusalsAndTheirCodes() {
        String day = freshDay();
        User patient = users.patient("Ray Refused");
        var entry = joined(patient, day, null, null);
        var noOffer = accept(patient, entry.get("id"));
        assertThat(noOffer.status()).isEqualTo(409);
        assertThat(noOffer.code()).isEqualTo("NO_OFFER");
        assertThat(decline(patient, entry.get("id")).code()).isEqualTo("NO_OFFER");
        assertThat(accept(users.patient("Not Theirs"), entry.get("id")).status()).as("another's entry").isEqualTo(404);
        assertThat(decline(users.patient("Not Theirs Either"), entry.get("id")).status()).isEqualTo(404);
        assertThat(accept(patient, "not-an-id").status()).isEqualTo(404);
        assertThat(accept(doctor, entry.get("id")).status()).as("only patients").isEqualTo(403);
        assertThat(decline(users.admin(), entry.get("id")).status()).isEqualTo(403);
        assertThat(api.post("/api/waitlist/" + entry.get("id") + "/accept", null, Map.of()).status()).isEqualTo(401);
        assertThat(offerOf(patient, day)).isNull();
    }
}
