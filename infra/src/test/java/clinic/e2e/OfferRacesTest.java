package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Race;
import clinic.support.Users.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offers under races: real threads released by a barrier, several rounds, the audit (rules 1-8)
 * after each. Whatever wins, a slot is held for at most one waiter, booked at most once, and nobody
 * holds an offer and a booking at one half hour.
 */
class OfferRacesTest extends EndToEndTest {
    private static final int ROUNDS = 3;

    private User doctor;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Rita Racing");
    }

    private String join(User patient, String day) {
        var reply = api.post("/api/waitlist/", patient.token(), Map.of("doctor", doctor.id(), "date", day));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return (String) reply.object().get("id");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> offerOf(User patient, String day) {
        var entries = api.get("/api/waitlist/?date=" + day, patient.token()).array();
        return entries.isEmpty() ? null : (Map<String, Object>) entries.getFirst().get("offer");
    }

    private Supplier<Api.Reply> cancelling(User caller, Map<String, Object> appointment) {
        return () -> api.delete("/api/appointments/" + appointment.get("id") + "/", caller.token());
    }

    private Supplier<Api.Reply> booking(User patient, User withDoctor, String day, int slot) {
        return () -> book(patient, withDoctor, day, slot);
    }

    @Test
    void aCancellationWithThreeWaitersAndTwoDirectBookersAtOnceHoldsTheSlotForTheFirstWaiterOnly() throws Exception {
        try (Race race = new Race(3)) {
            for (int round = 0; round < ROUNDS; round++) {
                String day = freshDay();
                declare(doctor, day, 3);
                User canceller = users.patient("Canceller " + round);
                var appointment = booked(canceller, doctor, day, 3);
                List<User> waiters = List.of(users.patient("First Waiter " + round), users.patient("Second Waiter " + round),
                        users.patient("Third Waiter " + round));
                waiters.forEach(w -> join(w, day));

                List<Api.Reply> replies = race.run(cancelling(canceller, appointment),
                        booking(users.patient("Direct One " + round), doctor, day, 3),
                        booking(users.patient("Direct Two " + round), doctor, day, 3));

                assertThat(replies.getFirst().status()).isEqualTo(204);
                assertThat(replies.subList(1, 3)).as("held or still booked: never bookable directly")
                        .allSatisfy(r -> assertThat(r.code()).as(r.toString()).isEqualTo("SLOT_UNAVAILABLE"));
                assertThat(offerOf(waiters.get(0), day)).isNotNull();
                assertThat(offerOf(waiters.get(1), day)).isNull();
                assertThat(offerOf(waiters.get(2), day)).isNull();
                assertAuditClean();
            }
        }
    }

    @Test
    void acceptAndDeclineByTheSamePatientAtOnceDoOneOfTheTwo() throws Exception {
        try (Race race = new Race(2)) {
            for (int round = 0; round < ROUNDS; round++) {
                String day = freshDay();
                declare(doctor, day, 4);
                User canceller = users.patient("Undecided Canceller " + round);
                var appointment = booked(canceller, doctor, day, 4);
                User waiter = users.patient("Undecided Waiter " + round);
                String entry = join(waiter, day);
                cancelling(canceller, appointment).get();

                List<Api.Reply> replies = race.run(
                        () -> api.post("/api/waitlist/" + entry + "/accept", waiter.token(), Map.of()),
                        () -> api.post("/api/waitlist/" + entry + "/decline", waiter.token(), Map.of()));

                Api.Reply accept = replies.get(0);
                Api.Reply decline = replies.get(1);
                if (accept.status() == 201) {
                    // The entry read after the accept: gone (404); read before it, and the slot after: no offer to decline.
                    assertThat(decline.status() == 404 || "NO_OFFER".equals(decline.code())).as(decline.toString()).isTrue();
                    assertThat(openSlots("date=" + day, waiter)).isEmpty();
                } else {
                    assertThat(accept.code()).as(accept.toString()).isEqualTo("NO_OFFER");
                    assertThat(decline.status()).isEqualTo(204);
                    assertThat(openSlots("date=" + day, waiter)).hasSize(1);
                }
                assertAuditClean();
            }
        }
    }

    @Test
    void twoCancellationsOnOneDateWithOneWaiterOfferItOneSlotAndOpenTheOther() throws Exception {
        try (Race race = new Race(2)) {
            for (int round = 0; round < ROUNDS; round++) {
                String day = freshDay();
                declare(doctor, day, 5);
                declare(doctor, day, 6);
                User one = users.patient("Canceller A" + round);
                User two = users.patient("Canceller B" + round);
                var first = booked(one, doctor, day, 5);
                var second = booked(two, doctor, day, 6);
                User waiter = users.patient("Lone Waiter " + round);
                join(waiter, day);

                List<Api.Reply> replies = race.run(cancelling(one, first), cancelling(two, second));

                assertThat(replies).extracting(Api.Reply::status).containsOnly(204);
                assertThat(offerOf(waiter, day)).isNotNull();
                assertThat(openSlots("date=" + day, one)).as("the other slot opens to everyone").hasSize(1);
                assertAuditClean();
            }
        }
    }

    @Test
    void aWaiterBookingTheSameHalfHourElsewhereWhileTheirOfferIsMadeGetsOneOrTheOther() throws Exception {
        User elsewhere = users.doctor("Else Where");
        try (Race race = new Race(2)) {
            for (int round = 0; round < ROUNDS; round++) {
                String day = freshDay();
                declare(doctor, day, 7);
                declare(elsewhere, day, 7);
                User canceller = users.patient("Busy Canceller " + round);
                var appointment = booked(canceller, doctor, day, 7);
                User waiter = users.patient("Double Booker " + round);
                User next = users.patient("Next In Line " + round);
                String entry = join(waiter, day);
                join(next, day);

                List<Api.Reply> replies = race.run(cancelling(canceller, appointment), booking(waiter, elsewhere, day, 7));

                assertThat(replies.getFirst().status()).isEqualTo(204);
                Api.Reply booking = replies.get(1);
                if (booking.status() == 201) {
                    assertThat(offerOf(waiter, day)).as("booked then: the offer went on").isNull();
                    assertThat(offerOf(next, day)).isNotNull();
                } else {
                    // The offer holds the waiter's half hour: the booking's write finds the lock an offer's, and says
                    // so with how to take it, not as a booking.
                    assertThat(booking.code()).as(booking.toString()).isEqualTo("OFFER_HELD");
                    assertThat(booking.toString()).contains("/api/waitlist/" + entry + "/accept");
                    assertThat(offerOf(waiter, day)).isNotNull();
                }
                assertAuditClean();
            }
        }
    }

    @Test
    void acceptAgainstTheDeadlineEitherBooksOrPassesTheOfferOnNeverBoth() throws Exception {
        try (Race race = new Race(2)) {
            for (int round = 0; round < ROUNDS; round++) {
                String day = freshDay();
                declare(doctor, day, 8);
                User canceller = users.patient("Deadline Canceller " + round);
                var appointment = booked(canceller, doctor, day, 8);
                User waiter = users.patient("Last Minute " + round);
                User next = users.patient("After Them " + round);
                String entry = join(waiter, day);
                join(next, day);
                cancelling(canceller, appointment).get();
                stack.publisherSource().drain();
                stack.busRules().deliverOnce();
                String timer = stack.scheduler().pending().stream().filter(p -> p.input().contains(entry)).findFirst()
                        .orElseThrow().input();
                stack.clock().advance(Duration.ofMinutes(14));

                List<Api.Reply> replies = race.run(
                        () -> api.post("/api/waitlist/" + entry + "/accept", waiter.token(), Map.of()),
                        () -> {
                            stack.clock().advance(Duration.ofMinutes(2));
                            stack.functions().invoke("ExpireOffer", timer);
                            return null;
                        });

                Api.Reply accept = replies.getFirst();
                if (accept.status() == 201) {
                    assertThat(offerOf(next, day)).as("accepted in time: nothing passes on").isNull();
                } else {
                    assertThat(accept.code()).as(accept.toString()).isIn("OFFER_EXPIRED", "NO_OFFER");
                    assertThat(offerOf(next, day)).as("expired: the next in line holds it").isNotNull();
                }
                assertAuditClean();
                stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name()));
            }
        }
    }
}
