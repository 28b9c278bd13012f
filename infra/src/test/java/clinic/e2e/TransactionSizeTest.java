package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.util.List;
import java.util.Map;
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
}
