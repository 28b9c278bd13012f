package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Role;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./dev reindex} (issue 20's upgrade): accounts made before the doctors' directory and the
 * patients' name search have no entries there; the reindex adds them once, and never touches a
 * directory profile a doctor saved.
 */
class ReindexTest extends EndToEndTest {

    /** Takes an account's index entries away, as a table written before issue 20 has none. */
    private void forgetEntriesOf(User user) {
        List<Map<String, AttributeValue>> doomed = new ArrayList<>();
        stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName()).consistentRead(true)).items().forEach(item -> {
            String pk = item.get("PK").s();
            boolean entry = pk.equals("DIRECTORY#ALL") || pk.startsWith("PATIENTNAME#");
            boolean his = item.values().stream().anyMatch(v -> user.id().equals(v.s()));
            if (entry && his) {
                doomed.add(Map.of("PK", item.get("PK"), "SK", item.get("SK")));
            }
        });
        assertThat(doomed).as("the entries registration made for " + user.name()).isNotEmpty();
        doomed.forEach(key -> stack.dynamo().deleteItem(r -> r.tableName(stack.config().tableName()).key(key)));
    }

    private int reindex() {
        return clinic.infra.Dev.reindexTable(stack.app()); // what ./dev reindex runs
    }

    private List<Map<String, Object>> doctorsNamed(String prefix, User caller) {
        var reply = api.get("/api/doctors?q=" + prefix, caller.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    private List<Map<String, Object>> patientsNamed(String term, User staff) {
        var reply = api.get("/api/patients?q=" + term, staff.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    @Test
    void accountsMadeBeforeTheDirectoryAreListedOnceAndASavedProfileIsLeftAlone() {
        User staff = users.make(Role.STAFF, "Rita Desk");
        User oldDoctor = users.doctor("Olaf Oldtimer");
        User oldPatient = users.patient("Prue Preexisting");
        User savedDoctor = users.doctor("Sven Saver");
        var saved = api.put("/api/doctors/" + savedDoctor.id() + "/profile", savedDoctor.token(),
                Map.of("display_name", "Dr Sven Saver", "specialties", List.of(), "languages", List.of("sv"), "bio", "Since 1999."));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        forgetEntriesOf(oldDoctor);
        forgetEntriesOf(oldPatient);
        assertThat(doctorsNamed("olaf", staff)).isEmpty();
        assertThat(patientsNamed("prue", staff)).isEmpty();

        int added = reindex();

        assertThat(added).as("the doctor and the patient without entries, at least").isGreaterThanOrEqualTo(2);
        assertThat(doctorsNamed("olaf", staff)).singleElement().satisfies(d -> assertThat(d).containsEntry("id", oldDoctor.id()));
        assertThat(patientsNamed("prue", staff)).singleElement().satisfies(p -> assertThat(p).containsEntry("id", oldPatient.id()));
        assertThat(doctorsNamed("dr%20sven", staff)).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("display_name", "Dr Sven Saver").containsEntry("bio", "Since 1999."));
        assertThat(doctorsNamed("sven", staff)).as("the saved profile is not entered again under the account's name").isEmpty();

        reindex();
        assertThat(doctorsNamed("olaf", staff)).as("a second reindex adds nothing").hasSize(1);
        assertThat(patientsNamed("prue", staff)).hasSize(1);
        assertAuditClean();
    }
}
