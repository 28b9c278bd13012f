package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.DynamoDbLimits;
import clinic.support.EndToEndTest;
import clinic.support.LogCapture;
import clinic.support.SdkFaults;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * DynamoDB takes at most 100 items in one TransactWriteItems. The largest transactions are those
 * that carry an appointment's search entries (up to 26 an appointment: 2 own entries and one per
 * 2-character word prefix of each name, in three scopes) with the outbox event and the
 * upcoming-bookings item; a reschedule to another doctor and time deletes all the old entries and
 * puts all the new ones. Names of six words with distinct prefixes on every side are the worst case.
 *
 * <p>A declaration of {@value clinic.availability.AvailabilityService#MAX_PER_REQUEST} availabilities
 * writes 2 items each and one per distinct time slot (88 at most: the catalog has 24 slots), and each
 * offer to a waiter takes 4 more: the offers that do not fit are made right after, each in a
 * transaction of its own. docs/data-model.md gives every transition's worst case.
 */
class TransactionSizeTest extends EndToEndTest {
    /** The item count of every TransactWriteItems sent, in order. */
    private final List<Integer> sizes = new CopyOnWriteArrayList<>();
    /** The bytes of items (as DynamoDB counts them towards 4 MB) of every TransactWriteItems sent, in order. */
    private final List<Long> bytes = new CopyOnWriteArrayList<>();
    /** Run once, just before the first transaction of {@link #FOLLOW_UP_ITEMS} items leaves, with that transaction's first key's sort key. */
    private final AtomicReference<Consumer<String>> beforeFollowUp = new AtomicReference<>();
    /** An offer made after its declaration: the availability held, the entry, its claim, the lock, the event. */
    private static final int FOLLOW_UP_ITEMS = 5;

    private final SdkFaults faults = new SdkFaults();

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults, new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest request) {
                    sizes.add(request.transactItems().size());
                    bytes.add(DynamoDbLimits.bytes(request));
                    if (request.transactItems().size() == FOLLOW_UP_ITEMS) {
                        Consumer<String> hook = beforeFollowUp.getAndSet(null);
                        if (hook != null) {
                            hook.accept(request.transactItems().getFirst().update().key().get("SK").s());
                        }
                    }
                }
            }
        });
    }

    /** 24 slots of {@code day} and 8 of the next: 32 availabilities on 24 distinct slots, 88 items before any offer. */
    private static List<Map<String, Object>> thirtyTwoSlots(String day, String nextDay) {
        List<Map<String, Object>> declarations = new ArrayList<>();
        for (int slot = 1; slot <= 24; slot++) {
            declarations.add(Map.of("date", day, "time_slot", slot));
        }
        for (int slot = 1; slot <= 8; slot++) {
            declarations.add(Map.of("date", nextDay, "time_slot", slot));
        }
        return declarations;
    }

    /** {@code count} patients named {@code name} and a number, each waiting for the doctor's date, in that order. */
    private List<User> waiting(int count, String name, User doctor, String date) {
        List<User> waiters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiters.add(waiting(name + i, doctor, date));
        }
        return waiters;
    }

    private User waiting(String name, User doctor, String date) {
        User waiter = users.patient(name);
        var joined = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", date));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        return waiter;
    }

    /** The waiter's live offer for their one entry on that date, or null. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> offerOf(User waiter, String date) {
        var entries = api.get("/api/waitlist/?date=" + date, waiter.token());
        assertThat(entries.status()).as(entries.toString()).isEqualTo(200);
        return (Map<String, Object>) entries.array().getFirst().get("offer");
    }

    @Test
    void theWorstCaseBookRescheduleAndCancelStayWithinAHundredItems() {
        // Usernames are doctorN / patientN ("do", "pa"); the five name words each start differently.
        User doctor = users.doctor("Bartholomew Cornelius Everett Fitzgerald Harrington");
        User other = users.doctor("Ignatius Jebediah Kingsley Leopold Montgomery");
        User patient = users.patient("Maximiliana Genevieve Octavia Rosalind Seraphina");
        String day = freshDay();
        String otherDay = freshDay();
        declare(doctor, day, 1);
        declare(other, otherDay, 2);

        sizes.clear();
        var body = Map.of("doctor", doctor.id(), "date", day, "time_slot", 1);
        var bookedReply = api.send("POST", "/api/appointments/", patient.token(), body, Map.of("Idempotency-Key", "worst-case"));
        assertThat(bookedReply.status()).as(bookedReply.toString()).isEqualTo(201);
        // idempotency record, availability, patient lock, appointment, 26 search entries, upcoming, outbox
        assertThat(sizes).containsExactly(4 + 26 + 2);

        sizes.clear();
        String path = "/api/appointments/" + bookedReply.object().get("id") + "/";
        var moved = api.put(path, patient.token(), Map.of("doctor", other.id(), "date", otherDay, "time_slot", 2));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        // the cutoff's check on the doctor's policy, appointment, old and new availability, old lock deleted
        // and new one put, 26 old search entries deleted and 26 new ones put, upcoming, outbox, and the
        // check that the date it leaves has no time off (the lifecycle's DAY guard, issue 19)
        assertThat(sizes).containsExactly(1 + 5 + 26 + 26 + 2 + 1);

        sizes.clear();
        assertThat(api.delete(path, patient.token()).status()).isEqualTo(204);
        // the patient's cutoff check, appointment, availability reopened, lock deleted, 26 search entries deleted, upcoming, outbox,
        // and the date's time-off check (DAY)
        assertThat(sizes).containsExactly(1 + 3 + 26 + 2 + 1);

        assertThat(sizes).allMatch(size -> size <= 100);
        // Names of 100 characters (the most) would about double it: far from DynamoDB's 4 MB.
        assertThat(bytes).as("bytes of items of each transaction").allMatch(size -> size < 64 * 1024);
        assertAuditClean();
    }

    @Test
    void theWorstCaseWithOffersMatchesTheTableOfTransactionSizes() {
        User doctor = users.doctor("Bartholomew Cornelius Everett Fitzgerald Harrington");
        User other = users.doctor("Ignatius Jebediah Kingsley Leopold Montgomery");
        User patient = users.patient("Maximiliana Genevieve Octavia Rosalind Seraphina");
        String day = freshDay();
        String otherDay = freshDay();
        declare(doctor, day, 1);
        declare(other, otherDay, 2);
        var appointment = booked(patient, doctor, day, 1);
        // Two waiters for the slot the reschedule leaves, one for the slot the cancel leaves; six-word names all.
        User first = waiting("Quintessa Ulrika Valentina Wilhelmina Xaviera", doctor, day);
        User second = waiting("Yolanda Zenobia Anastasia Beatrix Clementine", doctor, day);
        waiting("Dorothea Eleanora Felicity Gwendolyn Henrietta", other, otherDay);

        sizes.clear();
        String path = "/api/appointments/" + appointment.get("id") + "/";
        var moved = api.put(path, patient.token(), Map.of("doctor", other.id(), "date", otherDay, "time_slot", 2));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(sizes).as("reschedule, the slot left offered").containsExactly(61 + 4);

        sizes.clear();
        assertThat(api.delete(path, patient.token()).status()).isEqualTo(204);
        assertThat(sizes).as("cancel, the slot offered").containsExactly(33 + 4);

        sizes.clear();
        var declined = api.post("/api/waitlist/" + entryOf(first, day) + "/decline", first.token(), Map.of());
        assertThat(declined.status()).as(declined.toString()).isEqualTo(204);
        assertThat(sizes).as("decline, passed on to the next waiter").containsExactly(5 + 1 + 4);

        sizes.clear();
        var accepted = api.post("/api/waitlist/" + entryOf(second, day) + "/accept", second.token(), Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(sizes).as("accept").containsExactly(34);
        assertAuditClean();
    }

    private Object entryOf(User waiter, String date) {
        var entries = api.get("/api/waitlist/?date=" + date, waiter.token());
        assertThat(entries.status()).as(entries.toString()).isEqualTo(200);
        return entries.array().getFirst().get("id");
    }

    @Test
    void aDeclarationOfThirtyTwoSlotsSucceedsWhateverTheWaitersAndOffersEachOfThemOneSlot() {
        User doctor = users.doctor("Whole Day");
        String day = freshDay();
        String nextDay = LocalDate.parse(day).plusDays(1).toString();
        // 8 waiters for the full day (the issue's case) and 4 for the next: 12 offers, 48 items on top of the 88.
        List<User> waiters = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            waiters.add(waiting("Waiting Patient" + i, doctor, i < 8 ? day : nextDay));
        }

        sizes.clear();
        var declared = api.post("/api/availabilities/", doctor.token(), thirtyTwoSlots(day, nextDay));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(declared.array()).hasSize(32);
        assertThat(sizes).as("every transaction the declaration sent").isNotEmpty().allMatch(size -> size <= 100);

        // Each waiter holds one offer, each of a different slot; the slots held are the ones the answer shows unavailable.
        Set<String> offered = new HashSet<>();
        for (int i = 0; i < waiters.size(); i++) {
            String date = i < 8 ? day : nextDay;
            var offer = offerOf(waiters.get(i), date);
            assertThat(offer).as("waiter %d's offer", i).isNotNull();
            assertThat(offered.add(date + "#" + offer.get("time_slot"))).as("a slot offered twice: %s", offer).isTrue();
        }
        assertThat(declared.array().stream().filter(a -> Boolean.FALSE.equals(a.get("is_available")))
                .map(a -> a.get("date") + "#" + a.get("time_slot")).toList())
                .as("the held ones, as the answer shows them").containsExactlyInAnyOrderElementsOf(offered);
        assertAuditClean();
    }

    @Test
    void anOfferMadeAfterItsDeclarationIsNotMadeOnASlotBookedMeanwhile() {
        User doctor = users.doctor("Raced Day");
        String day = freshDay();
        String nextDay = LocalDate.parse(day).plusDays(1).toString();
        // Room for 3 offers in the declaration's own transaction: the 4th waiter's comes after it.
        List<User> waiters = waiting(4, "Raced Waiter", doctor, day);
        User booker = users.patient("Quick Booker");
        List<Api.Reply> booking = new CopyOnWriteArrayList<>();
        beforeFollowUp.set(slotKey -> booking.add(book(booker, doctor, day, Integer.parseInt(slotKey.substring(slotKey.length() - 4)))));

        sizes.clear();
        var declared = api.post("/api/availabilities/", doctor.token(), thirtyTwoSlots(day, nextDay));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(booking).as("the booking made between the declaration and its follow-up").singleElement()
                .satisfies(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(201));
        assertThat(sizes).contains(100, FOLLOW_UP_ITEMS).allMatch(size -> size <= 100);

        int bookedSlot = ((Number) booking.getFirst().object().get("time_slot")).intValue();
        assertThat(declared.array()).filteredOn(a -> a.get("date").equals(day) && a.get("time_slot").equals(bookedSlot))
                .singleElement().satisfies(a -> assertThat(a).containsEntry("is_available", false));
        for (int i = 0; i < 3; i++) {
            assertThat(offerOf(waiters.get(i), day)).as("waiter %d, offered in the declaration", i).isNotNull()
                    .doesNotContainEntry("time_slot", bookedSlot);
        }
        assertThat(offerOf(waiters.get(3), day)).as("the waiter whose slot was booked first").isNull();
        assertAuditClean();
    }

    @Test
    void aBookingDropsAnyNumberOfStartedBookingsWithinAnExpressionsFourKilobytes() {
        User doctor = users.doctor("Plain Doctor");
        User patient = users.patient("Long History");
        String day = freshDay();
        declare(doctor, day, 3);
        declare(doctor, day, 4);
        // 150 bookings whose time has come, still on the patient's upcoming-bookings item, as a
        // MaxUpcomingBookings raised far above its default allows: one REMOVE of them all is 6.6 KB.
        String table = stack.config().tableName();
        Map<String, AttributeValue> upcoming = new HashMap<>(Map.of("PK", AttributeValue.fromS("USER#" + patient.id()),
                "SK", AttributeValue.fromS("UPCOMING")));
        String yesterday = LocalDate.parse(day).minusDays(30).atTime(9, 0).toString();
        for (int i = 0; i < 150; i++) {
            upcoming.put("appt_" + UUID.randomUUID().toString().replace('-', '_'), AttributeValue.fromS(yesterday));
        }
        stack.dynamo().putItem(r -> r.tableName(table).item(upcoming));

        booked(patient, doctor, day, 3);
        booked(patient, doctor, day, 4);
        var left = stack.dynamo().getItem(r -> r.tableName(table).key(Map.of("PK", upcoming.get("PK"), "SK", upcoming.get("SK"))))
                .item().keySet().stream().filter(name -> name.startsWith("appt_")).count();
        assertThat(left).as("entries left on the item: the two bookings and the started ones not dropped yet").isLessThan(150);
        assertAuditClean();
    }

    @Test
    void anOfferThatCannotBeMadeAfterItsDeclarationLeavesTheSlotOpenAndTheDeclarationStands() {
        User doctor = users.doctor("Throttled Day");
        String day = freshDay();
        String nextDay = LocalDate.parse(day).plusDays(1).toString();
        List<User> waiters = waiting(4, "Throttled Waiter", doctor, day);
        // The declaration's own transaction goes through; the follow-up offer is throttled every time.
        var throttled = faults.on("TransactWriteItems").after(1).thenThrow(call ->
                SdkFaults.serviceError(call, 400, "ThrottlingException", "Rate exceeded (injected)"));
        int mark = LogCapture.mark();
        try {
            var declared = api.post("/api/availabilities/", doctor.token(), thirtyTwoSlots(day, nextDay));
            assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
            assertThat(throttled.injected()).isPositive();
            assertThat(declared.array()).hasSize(32)
                    .filteredOn(a -> Boolean.FALSE.equals(a.get("is_available"))).as("held in the declaration").hasSize(3);
        } finally {
            faults.clear();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(offerOf(waiters.get(i), day)).as("waiter %d", i).isNotNull();
        }
        assertThat(offerOf(waiters.get(3), day)).isNull();
        assertThat(LogCapture.since(mark)).anySatisfy(line -> assertThat(line)
                .contains("\"level\":\"WARN\"", "DeclareAvailability", "the slot is open", "Busy"));
        var open = api.get("/api/availabilities/?date=" + day + "&doctor=" + doctor.id(), waiters.get(3).token());
        assertThat(open.array()).as("open to everyone: all but the 3 held").hasSize(21);
        assertAuditClean();
    }
}
