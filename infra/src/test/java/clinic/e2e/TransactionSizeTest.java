package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
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

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest request) {
                    sizes.add(request.transactItems().size());
                }
            }
        });
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
        // appointment, old and new availability, old lock deleted and new one put,
        // 26 old search entries deleted and 26 new ones put, upcoming, outbox
        assertThat(sizes).containsExactly(5 + 26 + 26 + 2);

        sizes.clear();
        assertThat(api.delete(path, patient.token()).status()).isEqualTo(204);
        // appointment, availability reopened, lock deleted, 26 search entries deleted, upcoming, outbox
        assertThat(sizes).containsExactly(3 + 26 + 2);

        assertThat(sizes).allMatch(size -> size <= 100);
        assertAuditClean();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeclarationOfThirtyTwoSlotsSucceedsWhateverTheWaitersAndOffersEachOfThemOneSlot() {
        User doctor = users.doctor("Whole Day");
        String day = freshDay();
        String nextDay = LocalDate.parse(day).plusDays(1).toString();
        // 8 waiters for the full day (the issue's case) and 4 for the next: 12 offers, 48 items on top of the 88.
        List<User> waiters = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            User waiter = users.patient("Waiting Patient" + i);
            var joined = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", i < 8 ? day : nextDay));
            assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
            waiters.add(waiter);
        }
        List<Map<String, Object>> declarations = new ArrayList<>();
        for (int slot = 1; slot <= 24; slot++) {
            declarations.add(Map.of("date", day, "time_slot", slot));
        }
        for (int slot = 1; slot <= 8; slot++) {
            declarations.add(Map.of("date", nextDay, "time_slot", slot));
        }

        sizes.clear();
        var declared = api.post("/api/availabilities/", doctor.token(), declarations);
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(declared.array()).hasSize(32);
        assertThat(sizes).as("every transaction the declaration sent").isNotEmpty().allMatch(size -> size <= 100);

        // Each waiter holds one offer, each of a different slot; the slots held are the ones the answer shows unavailable.
        Set<String> offered = new HashSet<>();
        for (int i = 0; i < waiters.size(); i++) {
            String date = i < 8 ? day : nextDay;
            var entries = api.get("/api/waitlist/?date=" + date, waiters.get(i).token());
            assertThat(entries.status()).as(entries.toString()).isEqualTo(200);
            var offer = (Map<String, Object>) entries.array().getFirst().get("offer");
            assertThat(offer).as("waiter %d's offer", i).isNotNull();
            assertThat(offered.add(date + "#" + offer.get("time_slot"))).as("a slot offered twice: %s", offer).isTrue();
        }
        assertThat(declared.array().stream().filter(a -> Boolean.FALSE.equals(a.get("is_available")))
                .map(a -> a.get("date") + "#" + a.get("time_slot")).toList())
                .as("the held ones, as the answer shows them").containsExactlyInAnyOrderElementsOf(offered);
        assertAuditClean();
    }
}
