package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.Audit;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The audit passes a table the API wrote, and names each rule a hand-made corruption breaks. */
class AuditTest extends EndToEndTest {
    private User doctor;
    private User patient;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Dana Doctor");
        patient = users.patient("Pat Patient");
    }

    private List<String> breaches() {
        return Audit.breaches(stack.dynamo(), stack.config().tableName());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    @Test
    void aTableWrittenThroughTheApiIsCleanAndEachCorruptionIsNamedByItsRule() {
        String day = freshDay();
        declare(doctor, day, 1);
        declare(doctor, day, 2);
        var appointment = booked(patient, doctor, day, 1);
        api.put("/api/appointments/" + appointment.get("id") + "/", patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 2));
        assertThat(breaches()).isEmpty();

        var out = new ByteArrayOutputStream();
        assertThat(Audit.run(stack.dynamo(), stack.config().tableName(), new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("keeps rules 1-4");

        // Rule 2: the patient's lock for the booked slot disappears.
        String table = stack.config().tableName();
        Map<String, AttributeValue> lock = stack.dynamo().getItem(r -> r.tableName(table)
                .key(key("PATIENT#" + patient.id(), "SLOT#" + day + "#0002"))).item();
        assertThat(lock).isNotEmpty();
        stack.dynamo().deleteItem(r -> r.tableName(table).key(key("PATIENT#" + patient.id(), "SLOT#" + day + "#0002")));
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).startsWith("rule 2"));
        stack.dynamo().putItem(r -> r.tableName(table).item(lock));

        // Rules 3 and 4: the booked availability is marked open again behind the API's back.
        stack.dynamo().updateItem(r -> r.tableName(table).key(key("DOCTOR#" + doctor.id(), "SLOT#" + day + "#0002"))
                .updateExpression("SET #s = :open, OpenPK = :pk, OpenSK = :sk REMOVE appointment")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":open", AttributeValue.fromS("open"), ":pk", AttributeValue.fromS("OPEN#" + day),
                        ":sk", AttributeValue.fromS("0930#" + doctor.id()))));
        assertThat(breaches()).anySatisfy(b -> assertThat(b).startsWith("rule 3"))
                .anySatisfy(b -> assertThat(b).startsWith("rule 4"));

        out.reset();
        assertThat(Audit.run(stack.dynamo(), table, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("breach(es)");
    }

    @Test
    void twoBookedAppointmentsOnOneSlotBreakRuleOne() {
        String day = freshDay();
        declare(doctor, day, 5);
        var appointment = booked(patient, doctor, day, 5);
        String table = stack.config().tableName();
        Map<String, AttributeValue> item = new java.util.HashMap<>(stack.dynamo().getItem(r -> r.tableName(table)
                .key(key("APPT#" + appointment.get("id"), "APPT"))).item());
        String twin = "00000000-0000-4000-8000-000000000001";
        item.putAll(key("APPT#" + twin, "APPT"));
        item.put("id", AttributeValue.fromS(twin));
        stack.dynamo().putItem(r -> r.tableName(table).item(item));
        assertThat(breaches()).anySatisfy(b -> assertThat(b).startsWith("rule 1"));
        stack.dynamo().deleteItem(r -> r.tableName(table).key(key("APPT#" + twin, "APPT")));
        assertThat(breaches()).isEmpty();
    }
}
