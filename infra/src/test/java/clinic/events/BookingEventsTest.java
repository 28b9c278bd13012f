package clinic.events;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.LocalEventSource;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Race;
import clinic.support.SdkFaults;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Booking events end to end: changes made over HTTP, the table's stream read by the publisher as
 * Lambda's event source mapping would, and what the bus delivered read from a queue a rule sends
 * every event to. Each round compares the delivered events with the changes that committed.
 */
class BookingEventsTest extends EndToEndTest {
    private static final int PATIENTS = 20;

    /** The publisher's failures moto never produces: a PutEvents call refused, an answer that says an entry failed. */
    private final SdkFaults faults = new SdkFaults();
    private final List<User> patients = new ArrayList<>();
    private User grey;
    private User shepherd;
    private Race race;
    private LocalEventSource publisher;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults);
    }

    /** The bus took every entry, but the answer says the first failed. */
    private static SdkResponse firstEntryFailed(SdkResponse answer) {
        PutEventsResponse response = (PutEventsResponse) answer;
        List<PutEventsResultEntry> entries = new ArrayList<>(response.entries());
        entries.set(0, PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("injected").build());
        return response.toBuilder().entries(entries).failedEntryCount(1).build();
    }

    @BeforeAll
    void signIn() {
        grey = users.doctor("Meredith Grey");
        shepherd = users.doctor("Derek Shepherd");
        for (int i = 0; i < PATIENTS; i++) {
            patients.add(users.patient("Patient " + i));
        }
        race = new Race(PATIENTS);
        publisher = stack.publisherSource();
    }

    @AfterAll
    void stopPool() {
        race.close();
    }

    @BeforeEach
    void startFromAnEmptyTap() {
        faults.clear();
        published();
    }

    /** Publishes what the stream holds and returns what the bus delivered since the last call. */
    private List<Map<String, Object>> published() {
        publisher.drain();
        return stack.events().delivered();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }

    private static String eventId(Map<String, Object> event) {
        return (String) detail(event).get("eventId");
    }

    @Test
    void bookingReschedulingAndCancellingEachPublishOneFhirShapedEvent() {
        String day = freshDay();
        declare(grey, day, 1);
        declare(shepherd, day, 3);
        User patient = patients.get(0);
        var appointment = booked(patient, grey, day, 1);
        String path = "/api/appointments/" + appointment.get("id") + "/";
        assertThat(api.put(path, patient.token(), Map.of("doctor", shepherd.id(), "date", day, "time_slot", 3)).status()).isEqualTo(200);
        assertThat(api.delete(path, shepherd.token()).status()).isEqualTo(204);
        assertThat(api.delete(path, shepherd.token()).status()).as("cancelling again changes nothing").isEqualTo(204);

        List<Map<String, Object>> events = published();
        assertThat(events).extracting(e -> e.get("detail-type"))
                .containsExactly("appointment.booked", "appointment.rescheduled", "appointment.cancelled");
        assertThat(events).allSatisfy(e -> assertThat(e.get("source")).isEqualTo("clinic.appointments"));

        Map<String, Object> booked = detail(events.get(0));
        assertThat(booked).containsEntry("resourceType", "Appointment").containsEntry("id", appointment.get("id"))
                .containsEntry("status", "booked").containsEntry("type", "appointment.booked")
                .containsEntry("start", day + "T09:00:00Z").containsEntry("end", day + "T09:30:00Z")
                .containsEntry("changedBy", patient.id()).containsEntry("eventId", appointment.get("id") + "-v1")
                .doesNotContainKey("previous");
        assertThat(booked.get("meta")).isEqualTo(Map.of("versionId", "1", "lastUpdated", booked.get("occurredAt")));
        assertThat(((List<?>) booked.get("participant")).stream().map(p -> ((Map<?, ?>) p).get("actor")).toList()).isEqualTo(List.of(
                Map.of("reference", "Practitioner/" + grey.id(), "display", "Meredith Grey"),
                Map.of("reference", "Patient/" + patient.id(), "display", "Patient 0")));

        Map<String, Object> moved = detail(events.get(1));
        assertThat(moved).containsEntry("status", "booked").containsEntry("start", day + "T10:00:00Z")
                .containsEntry("end", day + "T10:30:00Z").containsEntry("eventId", appointment.get("id") + "-v2");
        assertThat(moved.get("previous")).isEqualTo(Map.of("start", day + "T09:00:00Z", "end", day + "T09:30:00Z",
                "practitioner", Map.of("reference", "Practitioner/" + grey.id(), "display", "Meredith Grey")));
        assertThat(((Map<?, ?>) moved.get("meta")).get("versionId")).isEqualTo("2");

        Map<String, Object> cancelled = detail(events.get(2));
        assertThat(cancelled).containsEntry("status", "cancelled").containsEntry("start", day + "T10:00:00Z")
                .containsEntry("changedBy", shepherd.id()).containsEntry("eventId", appointment.get("id") + "-v3");
        assertThat(published()).as("nothing more once the stream is drained").isEmpty();
    }

    @Test
    void aStreamLongerThanOneBatchIsPublishedOnceRecordByRecord() {
        // Each booking writes a dozen or more items (search entries among them), so ten bookings
        // put several batches' worth of records on the stream before the publisher reads any.
        String date = freshDay();
        List<String> booked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            declare(grey, date, i + 1);
            booked.add((String) booked(patients.get(i), grey, date, i + 1).get("id"));
        }

        List<Map<String, Object>> events = published();
        assertThat(events).extracting(e -> (String) detail(e).get("id")).containsExactlyInAnyOrderElementsOf(booked);
        assertThat(published()).as("a second drain finds nothing new").isEmpty();
    }

    @Test
    void aRefusedChangePublishesNothing() {
        String day = freshDay();
        declare(grey, day, 2);
        var appointment = booked(patients.get(1), grey, day, 2);
        published();
        assertThat(book(patients.get(2), grey, day, 2).status()).isEqualTo(409);
        assertThat(api.put("/api/appointments/" + appointment.get("id") + "/", patients.get(1).token(),
                Map.of("doctor", grey.id(), "date", day, "time_slot", 9)).status()).isEqualTo(409);
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", patients.get(3).token()).status()).isEqualTo(404);
        assertThat(published()).isEmpty();
    }

    @RepeatedTest(3)
    void twentyBookersOfOneSlotPublishExactlyTheOneBookingThatCommitted() throws Exception {
        String day = freshDay();
        declare(grey, day, 4);
        List<Api.Reply> replies = race.run(patients.stream().<Supplier<Api.Reply>>map(p -> () -> book(p, grey, day, 4)).toList());

        List<Api.Reply> won = replies.stream().filter(r -> r.status() == 201).toList();
        assertThat(won).hasSize(1);
        List<Map<String, Object>> events = published();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("detail-type")).isEqualTo("appointment.booked");
            assertThat(detail(e)).containsEntry("id", won.get(0).object().get("id"));
            assertThat(((Map<?, ?>) ((List<?>) detail(e).get("participant")).get(1)).get("actor").toString())
                    .contains((String) won.get(0).object().get("patient"));
        });
        assertAuditClean();
    }

    @RepeatedTest(5)
    void aCancelRacingARescheduleNeverFailsAndEachChangeThatCommittedIsPublishedOnce() throws Exception {
        String day = freshDay();
        declare(grey, day, 5);
        declare(shepherd, day, 6);
        User patient = patients.get(4);
        var appointment = booked(patient, grey, day, 5);
        String path = "/api/appointments/" + appointment.get("id") + "/";
        published();
        List<Api.Reply> replies = race.run(List.of(
                () -> api.delete(path, patient.token()),
                () -> api.put(path, patient.token(), Map.of("doctor", shepherd.id(), "date", day, "time_slot", 6))));

        Map<String, Object> after = api.get(path, patient.token()).object();
        List<Map<String, Object>> events = published();
        assertThat(replies).as("no 5xx, whichever commits first").allSatisfy(r -> assertThat(r.status()).isLessThan(500));
        // The cancel always holds: a reschedule that committed first is read again and cancelled where it now is.
        assertThat(replies.get(0).status()).isEqualTo(204);
        assertThat(after.get("status")).isEqualTo("cancelled");
        String id = (String) appointment.get("id");
        if (replies.get(1).status() == 200) {
            assertThat(after.get("doctor")).isEqualTo(shepherd.id());
            assertThat(events).extracting(e -> e.get("detail-type"))
                    .containsExactlyInAnyOrder("appointment.rescheduled", "appointment.cancelled");
            assertThat(events).extracting(BookingEventsTest::eventId).containsExactlyInAnyOrder(id + "-v2", id + "-v3");
        } else {
            assertThat(replies.get(1).code()).as(replies.get(1).toString()).isEqualTo("NOT_BOOKED");
            assertThat(after.get("doctor")).isEqualTo(grey.id());
            assertThat(events).extracting(e -> e.get("detail-type")).containsExactly("appointment.cancelled");
            assertThat(events).extracting(BookingEventsTest::eventId).containsExactly(id + "-v2");
        }
        assertAuditClean();
    }

    @Test
    void eventsCommittedWhileThePublisherFailsAreEachDeliveredOnceTheyAreDedupedById() {
        String day = freshDay();
        Set<String> committed = new HashSet<>();
        for (int slot = 1; slot <= 12; slot++) {
            declare(grey, day, slot);
        }
        // Committed while nothing publishes: the stream keeps them.
        for (int i = 0; i < 11; i++) {
            var appointment = booked(patients.get(i), grey, day, 1 + i);
            committed.add(appointment.get("id") + "-v1");
        }
        var cancelled = booked(patients.get(0), grey, day, 12);
        assertThat(api.delete("/api/appointments/" + cancelled.get("id") + "/", patients.get(0).token()).status()).isEqualTo(204);
        committed.add(cancelled.get("id") + "-v1");
        committed.add(cancelled.get("id") + "-v2");

        // The first call goes through, the second fails outright: what the first sent is out, the rest wait.
        var refused = faults.on("PutEvents").after(1).once()
                .thenThrow(call -> SdkClientException.create("connection reset (injected)"));
        List<Map<String, Object>> delivered = new ArrayList<>(published());
        assertThat(delivered).isNotEmpty().hasSizeLessThan(committed.size());
        assertThat(refused.injected()).as("the fault was injected").isEqualTo(1);
        // Then the bus takes an event but the answer is lost: the publisher sends it again.
        var lost = faults.on("PutEvents").once().thenAnswer(BookingEventsTest::firstEntryFailed);
        delivered.addAll(published());
        assertThat(lost.injected()).as("the answer was lost").isEqualTo(1);
        delivered.addAll(published());

        Map<String, Long> copies = delivered.stream().collect(Collectors.groupingBy(BookingEventsTest::eventId, LinkedHashMap::new,
                Collectors.counting()));
        // Deduped by id, the consumer sees each committed change once. The copies are the event
        // whose answer was lost and those after it in the same PutEvents call, sent again from it.
        assertThat(copies.keySet()).as("every committed change, and nothing else").isEqualTo(committed);
        assertThat(copies.values()).containsOnly(1L, 2L).contains(2L);
        assertThat(published()).isEmpty();
    }

    /** The reconciler's scheduled run, as the template's schedule invokes it; how many events it published. */
    private int reconcile() {
        String answer = stack.functions().invoke("RepublishOutbox", "{}");
        return ((Number) ((Map<?, ?>) clinic.http.Json.parse(answer)).get("republished")).intValue();
    }

    @Test
    void anEventTheStreamLostIsPublishedByTheReconcilerExactlyOnceAndNothingPublishedIsSentAgain() {
        String day = freshDay();
        declare(grey, day, 7);
        declare(grey, day, 8);
        var before = booked(patients.get(5), grey, day, 7);
        assertThat(published()).extracting(BookingEventsTest::eventId).containsExactly(before.get("id") + "-v1");

        // The bus unreachable for longer than the stream keeps a record: the event is lost to the stream.
        var down = faults.on("PutEvents").thenThrow(call -> SdkClientException.create("bus unreachable (injected)"));
        var lost = booked(patients.get(6), grey, day, 8);
        publisher.drain();
        assertThat(down.injected()).as("the publisher tried").isPositive();
        assertThat(publisher.expireUnread()).as("the stream's 24 hours pass").isPositive();
        faults.clear();
        assertThat(published()).as("nothing left in the stream").isEmpty();

        assertThat(reconcile()).as("not yet stale: the stream's to publish").isZero();
        stack.clock().advance(Duration.ofMinutes(OutboxReconciler.DEFAULT_MINUTES + 1));
        assertThat(reconcile()).isEqualTo(1);
        assertThat(stack.events().delivered()).as("the lost event, once; not the one published before it")
                .extracting(BookingEventsTest::eventId).containsExactly(lost.get("id") + "-v1");
        assertThat(reconcile()).as("published now, so never again").isZero();
        assertThat(stack.events().delivered()).isEmpty();
    }

    @Test
    void aPublishedEventWhoseMarkFailedIsPublishedAgainWithTheSameIdSoADedupingConsumerSeesItOnce() {
        String day = freshDay();
        declare(grey, day, 9);
        // The bus takes it, but marking it published fails: the reconciler cannot know it went out.
        var unmarked = faults.on("UpdateItem").when(r -> ((UpdateItemRequest) r).key().get("PK").s().startsWith("OUTBOX#"))
                .thenThrow(call -> SdkClientException.create("connection reset (injected)"));
        User patient = users.patient("Marked Twice");   // of this test alone, so its emails are counted alone
        var appointment = booked(patient, grey, day, 9);
        List<Map<String, Object>> delivered = new ArrayList<>(published());
        assertThat(unmarked.injected()).isEqualTo(1);
        faults.clear();

        stack.clock().advance(Duration.ofMinutes(OutboxReconciler.DEFAULT_MINUTES + 1));
        assertThat(reconcile()).isEqualTo(1);
        delivered.addAll(stack.events().delivered());
        assertThat(delivered).extracting(BookingEventsTest::eventId).as("the same id twice: at least once, deduped to once")
                .containsExactly(appointment.get("id") + "-v1", appointment.get("id") + "-v1");
        assertThat(reconcile()).isZero();

        // The notifier, a consumer of both copies, dedupes on the id: one email to the doctor.
        stack.busRules().deliverOnce();
        String doctorAddress = grey.username() + "@example.com";
        assertThat(clinic.infra.LocalMail.sent(clinic.support.TestStack.emulator().endpoint()).stream()
                .filter(m -> m.to().contains(doctorAddress) && m.subject().startsWith("Appointment booked: ")
                        && m.part("text/plain").orElse("").contains("Marked Twice"))).hasSize(1);
    }

    @Test
    void republishingByHandTakesTheUnpublishedEventsSinceTheInstantGivenStaleOrNot() {
        String day = freshDay();
        declare(grey, day, 10);
        published();
        Instant since = stack.clock().instant();
        faults.on("PutEvents").thenThrow(call -> SdkClientException.create("bus unreachable (injected)"));
        var lost = booked(patients.get(8), grey, day, 10);
        publisher.drain();
        publisher.expireUnread();
        faults.clear();

        // What ./dev republish --since does: from the instant given up to now, however young.
        OutboxReconciler byHand = stack.app().outboxReconciler();
        assertThat(byHand.republish(stack.clock().instant().plusSeconds(1), stack.clock().instant().plusSeconds(2)))
                .as("nothing occurred since then").isZero();
        assertThat(byHand.republish(since, stack.clock().instant().plusSeconds(1))).isEqualTo(1);
        assertThat(stack.events().delivered()).extracting(BookingEventsTest::eventId).containsExactly(lost.get("id") + "-v1");
        assertThat(byHand.republish(since, stack.clock().instant().plusSeconds(1))).isZero();
    }
}
