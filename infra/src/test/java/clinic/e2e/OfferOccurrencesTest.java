package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same waiter offered the same slot twice with the same deadline (issue 18, defect 1): within
 * the last {@code OfferMinutes} before a slot's start every offer's deadline is capped at the start,
 * so a waiter who declined, then is offered the slot again when it opens once more (a cancel, a
 * reschedule away, a doctor's reopen), gets an offer equal to the first in every field but its
 * occurrence. Its event, its timer and its email are a new occurrence's: the opening succeeds, the
 * new offer is announced, its timer set, and the slot passes on at the deadline.
 */
class OfferOccurrencesTest extends EndToEndTest {
    private User doctor;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Otto Occurrence");
    }

    @BeforeEach
    void nothingPending() {
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name()));
    }

    /** A fresh day, with the clock ten minutes before its 09:00 slot (slot 1): every offer's deadline is 09:00. */
    private String tenMinutesBeforeNine() {
        String day = freshDay();
        stack.clock().set(LocalDate.parse(day).atTime(LocalTime.of(8, 50)).toInstant(ZoneOffset.UTC));
        return day;
    }

    private Map<String, Object> entryOf(User patient, String day) {
        var entries = api.get("/api/waitlist/?date=" + day, patient.token()).array();
        assertThat(entries).hasSize(1);
        return entries.getFirst();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> offerOf(User patient, String day) {
        return (Map<String, Object>) entryOf(patient, day).get("offer");
    }

    /** A waiter offered slot 1 when {@code first} cancels, who declines it: the slot is open to all. */
    private User declinedOnce(String day, String who) {
        declare(doctor, day, 1);
        User first = users.patient("First " + who);
        var appointment = booked(first, doctor, day, 1);
        User waiter = users.patient("Waiter " + who);
        assertThat(api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", day)).status()).isEqualTo(201);
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", first.token()).status()).isEqualTo(204);
        assertThat(offerOf(waiter, day)).containsEntry("time_slot", 1);
        var declined = api.post("/api/waitlist/" + entryOf(waiter, day).get("id") + "/decline", waiter.token(), Map.of());
        assertThat(declined.status()).as(declined.toString()).isEqualTo(204);
        assertThat(openSlots("date=" + day, waiter)).as("open to all after the decline").hasSize(1);
        return waiter;
    }

    /** The second offer is announced (its own event), its timer is set, and at the deadline it passes on. */
    private void theSecondOfferLivesItsOwnLife(User waiter, String day) {
        assertThat(offerOf(waiter, day)).as("offered again").containsEntry("time_slot", 1);
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        assertThat(stack.scheduler().pending()).as("the second offer's own timer")
                .anySatisfy(p -> assertThat(p.target()).endsWith("-ExpireOffer"));
        stack.clock().advance(Duration.ofMinutes(12));
        assertThat(stack.scheduler().fireDue()).isPositive();
        assertThat(entryOf(waiter, day).get("offer")).as("ended at its deadline").isNull();
        assertAuditClean();
    }

    @Test
    void aCancelThatOffersTheSameWaiterTheSameSlotAndDeadlineAgainSucceeds() {
        String day = tenMinutesBeforeNine();
        User waiter = declinedOnce(day, "Cancel");
        User second = users.patient("Second Cancel");
        var appointment = booked(second, doctor, day, 1);
        var cancelled = api.delete("/api/appointments/" + appointment.get("id") + "/", second.token());
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(204);
        theSecondOfferLivesItsOwnLife(waiter, day);
    }

    @Test
    void aRescheduleAwayThatOffersTheSameWaiterTheSameSlotAndDeadlineAgainSucceeds() {
        String day = tenMinutesBeforeNine();
        User waiter = declinedOnce(day, "Reschedule");
        User second = users.patient("Second Reschedule");
        var appointment = booked(second, doctor, day, 1);
        User elsewhere = users.doctor("Elsa Elsewhere");
        declare(elsewhere, day, 3);
        var moved = api.put("/api/appointments/" + appointment.get("id") + "/", second.token(),
                Map.of("doctor", elsewhere.id(), "date", day, "time_slot", 3));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        theSecondOfferLivesItsOwnLife(waiter, day);
    }

    @Test
    void aDoctorsReopenThatOffersTheSameWaiterTheSameSlotAndDeadlineAgainSucceeds() {
        String day = tenMinutesBeforeNine();
        User waiter = declinedOnce(day, "Reopen");
        String availability = (String) openSlots("date=" + day, waiter).getFirst().get("id");
        var closed = api.put("/api/availabilities/" + availability + "/", doctor.token(),
                Map.of("date", day, "time_slot", 1, "is_available", false));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        var reopened = api.put("/api/availabilities/" + availability + "/", doctor.token(),
                Map.of("date", day, "time_slot", 1, "is_available", true));
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        theSecondOfferLivesItsOwnLife(waiter, day);
    }
}
