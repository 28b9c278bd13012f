package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import clinic.infra.LocalScheduler.Pending;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An offer's timer as EventBridge Scheduler fires it (issue 18): anywhere within the minute of its
 * schedule, so possibly before the deadline (defect 4: an early timer re-arms itself, it does not
 * leave the offer stalled), late, or twice (nothing changes twice); an offer whose hold was booked
 * directly or closed after its deadline is still announced as ended, once (defect 7); and one whose
 * timer never fires is passed on by the sweep within its period (§3).
 */
class OfferTimersTest extends EndToEndTest {
    private User doctor;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Tim Timer");
    }

    @BeforeEach
    void nothingPending() {
        publish();
        stack.busRules().deliverOnce();
        stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name()));
    }

    /** Publishes the outbox and delivers it to the subscribers (setting offer timers). */
    private void publish() {
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
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

    /** The slot, booked then cancelled with {@code waiters} waiting: offered to the first. Returns the entries. */
    private List<String> offeredToTheFirstOf(String day, int slot, List<User> waiters) {
        declare(doctor, day, slot);
        User booker = users.patient("Booker " + slot + " " + day);
        var appointment = booked(booker, doctor, day, slot);
        List<String> entries = new ArrayList<>();
        waiters.forEach(w -> entries.add(join(w, day)));
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", booker.token()).status()).isEqualTo(204);
        assertThat(offerOf(waiters.getFirst(), day)).containsEntry("time_slot", slot);
        return entries;
    }

    /** The timer of the entry's offer, as SetOfferTimer set it from the offer's event. */
    private Pending timerOf(String entry) {
        publish();
        return stack.scheduler().pending().stream()
                .filter(p -> p.target().endsWith("-ExpireOffer") && p.input().contains(entry)).findFirst().orElseThrow();
    }

    private Instant deadlineOf(User waiter, String day) {
        return Instant.parse((String) offerOf(waiter, day).get("deadline"));
    }

    /**
     * The {@code waitlist.expired} events announced for this entry's offers: their outbox items (the
     * local tap of the bus carries booking events only), each the detail the bus would carry.
     */
    private List<Map<String, Object>> endsOf(String entry) {
        return stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName())
                        .filterExpression("begins_with(PK, :ended)")
                        .expressionAttributeValues(Map.of(":ended", AttributeValue.fromS("OUTBOX#offer-end-" + entry + "-"))))
                .items().stream().map(item -> asMap(Json.parse(item.get("detail").s()))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }

    @Test
    void aTimerIsSetForTheFirstWholeMinuteAtOrAfterTheDeadline() {
        String day = freshDay();
        User waiter = users.patient("Wanda Whole");
        String entry = offeredToTheFirstOf(day, 2, List.of(waiter)).getFirst();
        Instant deadline = deadlineOf(waiter, day);
        Pending timer = timerOf(entry);
        assertThat(timer.at()).as("a whole minute: Scheduler fires anywhere within it").isEqualTo(timer.at().truncatedTo(ChronoUnit.MINUTES));
        assertThat(timer.at()).isAfterOrEqualTo(deadline).isBefore(deadline.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aTimerThatFiresBeforeTheDeadlineReArmsItselfAndTheOfferPassesOnAfterIt() {
        String day = freshDay();
        User first = users.patient("Eve Early");
        User second = users.patient("Ned Next");
        List<String> entries = offeredToTheFirstOf(day, 3, List.of(first, second));
        Instant deadline = deadlineOf(first, day);
        Pending timer = timerOf(entries.getFirst());

        // Scheduler fires it (anywhere in a minute that starts before the deadline) and deletes it.
        stack.app().timers().cancel(timer.name());
        stack.clock().set(deadline.minusSeconds(40));
        stack.functions().invoke("ExpireOffer", timer.input());
        assertThat(offerOf(first, day)).as("still live: nothing passed on early").isNotNull();
        assertThat(stack.scheduler().pending().stream().filter(p -> p.input().contains(entries.getFirst())))
                .as("re-armed, under a name of its own").singleElement().satisfies(p -> {
            assertThat(p.name()).isNotEqualTo(timer.name());
            assertThat(p.at()).isAfterOrEqualTo(deadline);
        });

        // Re-armed for a whole minute at least a minute after it fired: within two minutes of the deadline.
        stack.clock().set(deadline.plus(Duration.ofMinutes(2)));
        assertThat(stack.scheduler().fireDue()).isPositive();
        assertThat(offerOf(second, day)).as("passed on after the deadline").containsEntry("time_slot", 3);
        assertThat(offerOf(first, day)).isNull();
        assertAuditClean();
    }

    @Test
    void aTimerThatFiresLateOrTwiceChangesNothingTwice() {
        String day = freshDay();
        User first = users.patient("Lou Late");
        User second = users.patient("Tess Twice");
        List<String> entries = offeredToTheFirstOf(day, 4, List.of(first, second));
        Instant deadline = deadlineOf(first, day);
        Pending timer = timerOf(entries.getFirst());

        stack.clock().set(deadline.plus(Duration.ofMinutes(7))); // late
        assertThat(stack.scheduler().fireDue()).isPositive();
        Map<String, Object> secondsOffer = offerOf(second, day);
        assertThat(secondsOffer).containsEntry("time_slot", 4);
        stack.functions().invoke("ExpireOffer", timer.input()); // twice
        stack.functions().invoke("ExpireOffer", timer.input());
        assertThat(offerOf(second, day)).as("the next offer untouched").isEqualTo(secondsOffer);
        assertThat(offerOf(first, day)).isNull();
        assertThat(endsOf(entries.getFirst())).as("the first offer ended once").hasSize(1);
        assertAuditClean();
    }

    @Test
    void aLapsedHoldBookedDirectlyIsAnnouncedAsEndedOnce() {
        String day = freshDay();
        User waiter = users.patient("Dee Direct");
        String entry = offeredToTheFirstOf(day, 5, List.of(waiter)).getFirst();
        Instant deadline = deadlineOf(waiter, day);
        Pending timer = timerOf(entry);
        stack.clock().set(deadline.plusSeconds(5));
        booked(users.patient("Bea Booker"), doctor, day, 5); // before the timer passes it on
        stack.clock().set(deadline.plus(Duration.ofMinutes(2)));
        assertThat(stack.scheduler().fireDue()).isPositive();
        stack.functions().invoke("ExpireOffer", timer.input()); // and again
        assertThat(endsOf(entry)).as("waitlist.expired for the lapsed offer, once").singleElement()
                .satisfies(d -> assertThat(d).containsEntry("timeSlot", 5).containsEntry("reason", "deadline"));
        assertThat(offerOf(waiter, day)).isNull();
        assertAuditClean();
    }

    @Test
    void anOfferWhoseTimerNeverFiresIsPassedOnByTheSweepWithinItsPeriod() {
        Duration period = stack.scheduler().recurringSchedules().get("SweepOffers");
        assertThat(period).as("SweepOffers runs on the template's schedule").isEqualTo(Duration.ofMinutes(5));
        String day = freshDay();
        User first = users.patient("Nell Never");
        User second = users.patient("Sid Swept");
        String entry = offeredToTheFirstOf(day, 7, List.of(first, second)).getFirst();
        Instant deadline = deadlineOf(first, day);
        stack.app().timers().cancel(timerOf(entry).name()); // lost: it never fires

        stack.clock().set(deadline.minusSeconds(1));
        stack.scheduler().fireRecurringDue();
        assertThat(offerOf(first, day)).as("a live offer is left alone").isNotNull();
        stack.clock().set(deadline.plus(period));
        assertThat(stack.scheduler().fireRecurringDue()).as("the sweep ran within its period after the deadline").contains("SweepOffers");
        assertThat(offerOf(second, day)).as("passed on to the next waiter").containsEntry("time_slot", 7);
        assertThat(offerOf(first, day)).isNull();
        assertThat(endsOf(entry)).singleElement().satisfies(d -> assertThat(d).containsEntry("reason", "deadline"));
        assertAuditClean();

        // Racing the (late) timers of the passed-on offer and the next: nothing changes twice.
        Map<String, Object> next = offerOf(second, day);
        stack.clock().set(deadline.plus(period).plus(period));
        stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name()));
        stack.functions().invoke("SweepOffers", "{}");
        assertThat(offerOf(second, day)).as("the next offer is live: the sweep leaves it").isEqualTo(next);
        assertThat(endsOf(entry)).hasSize(1);
        assertAuditClean();
    }

    @Test
    void aLapsedHoldClosedByItsDoctorIsAnnouncedAsEndedOnceWhenCleanedUp() {
        String day = freshDay();
        User waiter = users.patient("Cleo Cleared");
        String entry = offeredToTheFirstOf(day, 6, List.of(waiter)).getFirst();
        Instant deadline = deadlineOf(waiter, day);
        Pending timer = timerOf(entry);
        stack.clock().set(deadline.plusSeconds(5));
        String availability = (String) openSlots("doctor=" + doctor.id() + "&date=" + day + "&status=open,held", doctor)
                .getFirst().get("id");
        var closed = api.put("/api/availabilities/" + availability + "/", doctor.token(),
                Map.of("date", day, "time_slot", 6, "is_available", false));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        stack.clock().set(deadline.plus(Duration.ofMinutes(2)));
        assertThat(stack.scheduler().fireDue()).isPositive();
        stack.functions().invoke("ExpireOffer", timer.input());
        assertThat(endsOf(entry)).as("waitlist.expired when what was left of it is cleared, once").hasSize(1);
        assertAuditClean();
    }

    /**
     * The gap the sweep had: it walks held slots, so an offer whose lapsed hold was taken by a direct
     * booking, or closed or deleted by its doctor, before any timer came, and whose timer never comes,
     * was never announced as ended. The write that takes the lapsed hold leaves it to the sweep.
     */
    @Test
    void aLapsedHoldTakenWithoutPassingOnIsAnnouncedAsEndedByTheSweepWhenItsTimerNeverComes() {
        Duration period = stack.scheduler().recurringSchedules().get("SweepOffers");
        String booked = freshDay();
        String waiterBooked = offeredToTheFirstOf(booked, 8, List.of(users.patient("Lex Lost"))).getFirst();
        String closedDay = freshDay();
        User closedWaiter = users.patient("Cy Closed");
        String waiterClosed = offeredToTheFirstOf(closedDay, 9, List.of(closedWaiter)).getFirst();
        Instant deadline = deadlineOf(closedWaiter, closedDay);
        publish();
        stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name())); // lost: they never fire

        stack.clock().set(deadline.plusSeconds(5));
        booked(users.patient("Bo Direct"), doctor, booked, 8);
        String availability = (String) openSlots("doctor=" + doctor.id() + "&date=" + closedDay + "&status=open,held", doctor)
                .getFirst().get("id");
        assertThat(api.put("/api/availabilities/" + availability + "/", doctor.token(),
                Map.of("date", closedDay, "time_slot", 9, "is_available", false)).status()).isEqualTo(200);
        stack.clock().set(deadline.plus(period).plusSeconds(5));
        assertThat(stack.scheduler().fireRecurringDue()).contains("SweepOffers");
        publish();
        assertThat(endsOf(waiterBooked)).as("the booked lapsed hold's offer, announced once").singleElement()
                .satisfies(d -> assertThat(d).containsEntry("timeSlot", 8));
        assertThat(endsOf(waiterClosed)).as("the closed lapsed hold's offer, announced once").singleElement()
                .satisfies(d -> assertThat(d).containsEntry("timeSlot", 9));
        assertThat(offerOf(closedWaiter, closedDay)).as("taken off its entry").isNull();

        stack.clock().set(deadline.plus(period).plus(period).plusSeconds(5));
        stack.functions().invoke("SweepOffers", "{}");
        publish();
        assertThat(endsOf(waiterBooked)).as("and never again").hasSize(1);
        assertThat(endsOf(waiterClosed)).hasSize(1);
        assertAuditClean();
    }
}
