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
        assertThat(Audit.run(stack.dynamo(), stack.config().tableName(), stack.config().clinicZone(), new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("keeps rules 1-8");

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
        assertThat(Audit.run(stack.dynamo(), table, stack.config().clinicZone(), new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
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

    private Map<String, AttributeValue> item(String pk, String sk) {
        String table = stack.config().tableName();
        return new java.util.HashMap<>(stack.dynamo().getItem(r -> r.tableName(table).key(key(pk, sk)).consistentRead(true)).item());
    }

    private void put(Map<String, AttributeValue> item) {
        stack.dynamo().putItem(r -> r.tableName(stack.config().tableName()).item(item));
    }

    private void delete(String pk, String sk) {
        stack.dynamo().deleteItem(r -> r.tableName(stack.config().tableName()).key(key(pk, sk)));
    }

    @Test
    void aWaitlistEntryMissingItsClaimOrPointerIsNamed() {
        String day = freshDay();
        User waiter = users.patient("Wade Waiter");
        var reply = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", day));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String id = (String) reply.object().get("id");
        assertThat(breaches()).isEmpty();

        String claimSk = "WAITLIST#" + doctor.id() + "#" + day;
        var claim = item("USER#" + waiter.id(), claimSk);
        delete("USER#" + waiter.id(), claimSk);
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).startsWith("waitlist: entry " + id).contains("no claim"));
        put(claim);

        var pointer = item("WAITENTRY#" + id, "WAITENTRY");
        delete("WAITENTRY#" + id, "WAITENTRY");
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).contains("no id pointer"));
        put(pointer);

        var entryKey = key(pointer.get("target_pk").s(), pointer.get("target_sk").s());
        var entry = new java.util.HashMap<>(stack.dynamo().getItem(r -> r.tableName(stack.config().tableName()).key(entryKey)).item());
        delete(pointer.get("target_pk").s(), pointer.get("target_sk").s());
        assertThat(breaches()).hasSize(2).anySatisfy(b -> assertThat(b).contains("names no entry"))
                .anySatisfy(b -> assertThat(b).contains("leads to no entry"));
        put(entry);
        assertThat(breaches()).isEmpty();
    }

    @Test
    void anOffersEntryOrLockNamingAnotherOccurrenceOfItBreaksRulesFiveAndSix() {
        String day = freshDay();
        User waiter = users.patient("Occ Waiter");
        assertThat(api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", day)).status()).isEqualTo(201);
        declare(doctor, day, 7); // offered to the waiter at once
        assertThat(breaches()).isEmpty();

        String lockSk = "SLOT#" + day + "#0007";
        var lock = item("PATIENT#" + waiter.id(), lockSk);
        assertThat(lock).containsKey("offer_id");
        var other = new java.util.HashMap<>(lock);
        other.put("offer_id", AttributeValue.fromS("00000000-0000-4000-8000-0000000000aa"));
        put(other);
        assertThat(breaches()).anySatisfy(b -> assertThat(b).startsWith("rule 6"));
        put(lock);

        String claimSk = "WAITLIST#" + doctor.id() + "#" + day;
        var claim = item("USER#" + waiter.id(), claimSk);
        var renamed = new java.util.HashMap<>(claim);
        renamed.put("offer_id", AttributeValue.fromS("00000000-0000-4000-8000-0000000000bb"));
        put(renamed);
        assertThat(breaches()).anySatisfy(b -> assertThat(b).startsWith("rule 5").contains("claim"));
        put(claim);
        assertThat(breaches()).isEmpty();
    }

    @Test
    void anAvailabilityWhoseTimesAreNotItsSlotsBreaksRuleEight() {
        String day = freshDay();
        declare(doctor, day, 6);
        var availability = item("DOCTOR#" + doctor.id(), "SLOT#" + day + "#0006");
        var stale = new java.util.HashMap<>(availability);
        stale.put("start", AttributeValue.fromS("10:00"));
        stale.put("end", AttributeValue.fromS("10:30"));
        put(stale);
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).startsWith("rule 8").contains("time slot 6"));
        put(availability);
        assertThat(breaches()).isEmpty();
    }

    @Test
    void anAppointmentAtOtherTimesThanTheAvailabilityHoldingItBreaksRuleFourByClockTime() {
        String day = freshDay();
        declare(doctor, day, 8);
        String id = (String) booked(patient, doctor, day, 8).get("id");
        var appointment = item("APPT#" + id, "APPT");
        var moved = new java.util.HashMap<>(appointment);
        moved.put("start", AttributeValue.fromS("20:00"));
        moved.put("end", AttributeValue.fromS("20:30"));
        put(moved);
        assertThat(breaches()).singleElement()
                .satisfies(b -> assertThat(b).startsWith("rule 4: appointment " + id + " is at").contains("20:00", "but its availability"));
        put(appointment);
        assertThat(breaches()).isEmpty();
    }

    /**
     * The race of issue 7: a slot's old times live on in an availability, a new slot gets those
     * times, and one patient holds two bookings at one clock time under two slot ids. By key, every
     * rule holds; by clock time, rules 1 and 2 do not, and the overlapping slots break rule 8.
     */
    @Test
    void twoBookingsAtOneClockTimeUnderTwoSlotIdsBreakRulesOneAndTwoByClockTime() {
        String day = freshDay();
        declare(doctor, day, 7);
        var appointment = booked(patient, doctor, day, 7);
        String id = (String) appointment.get("id");
        String twin = "00000000-0000-4000-8000-000000000007";
        String twinSlot = "SLOT#" + day + "#0099";

        var slot = item("TIMESLOT", "SLOT#0007");
        slot.putAll(key("TIMESLOT", "SLOT#0099"));
        slot.put("id", AttributeValue.fromN("99"));
        var availability = item("DOCTOR#" + doctor.id(), "SLOT#" + day + "#0007");
        availability.putAll(key("DOCTOR#" + doctor.id(), twinSlot));
        availability.put("id", AttributeValue.fromS("00000000-0000-4000-8000-000000000008"));
        availability.put("slot", AttributeValue.fromN("99"));
        availability.put("appointment", AttributeValue.fromS(twin));
        var lock = item("PATIENT#" + patient.id(), "SLOT#" + day + "#0007");
        lock.putAll(key("PATIENT#" + patient.id(), twinSlot));
        lock.put("appointment", AttributeValue.fromS(twin));
        var copy = item("APPT#" + id, "APPT");
        copy.putAll(key("APPT#" + twin, "APPT"));
        copy.put("id", AttributeValue.fromS(twin));
        copy.put("slot", AttributeValue.fromN("99"));
        copy.put("WhenSK", AttributeValue.fromS(copy.get("WhenSK").s().replace(id, twin)));
        List.of(slot, availability, lock, copy).forEach(this::put);

        assertThat(breaches())
                .anySatisfy(b -> assertThat(b).startsWith("rule 1").contains("same clock time"))
                .anySatisfy(b -> assertThat(b).startsWith("rule 2").contains("same clock time"))
                .anySatisfy(b -> assertThat(b).startsWith("rule 8").contains("overlap"))
                .allSatisfy(b -> assertThat(b).containsAnyOf("same clock time", "overlap"));

        delete("APPT#" + twin, "APPT");
        delete("PATIENT#" + patient.id(), twinSlot);
        delete("DOCTOR#" + doctor.id(), twinSlot);
        delete("TIMESLOT", "SLOT#0099");
        assertThat(breaches()).isEmpty();
    }

    /** Issue 20: the audit reads who changed each appointment, and names a trail that disagrees with its status. */
    @Test
    void aTrailThatDisagreesWithItsAppointmentIsNamed() {
        String day = freshDay();
        declare(doctor, day, 5);
        declare(doctor, day, 6);
        var kept = booked(patient, doctor, day, 5);
        var gone = booked(patient, doctor, day, 6);
        assertThat(api.send("DELETE", "/api/appointments/" + gone.get("id"), doctor.token(), Map.of("reason_code", "clinic"), Map.of())
                .status()).isEqualTo(204);
        assertThat(breaches()).isEmpty();
        String table = stack.config().tableName();
        var keptItem = stack.dynamo().getItem(r -> r.tableName(table).key(key("APPT#" + kept.get("id"), "APPT"))).item();
        var goneItem = stack.dynamo().getItem(r -> r.tableName(table).key(key("APPT#" + gone.get("id"), "APPT"))).item();
        // A booked appointment that says someone cancelled it.
        stack.dynamo().updateItem(r -> r.tableName(table).key(key("APPT#" + kept.get("id"), "APPT"))
                .updateExpression("SET cancelled_by = :who, cancelled_by_role = :role")
                .expressionAttributeValues(Map.of(":who", AttributeValue.fromS(doctor.id()), ":role", AttributeValue.fromS("doctor"))));
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).startsWith("trail: booked appointment " + kept.get("id")));
        stack.dynamo().updateItem(r -> r.tableName(table).key(key("APPT#" + kept.get("id"), "APPT"))
                .updateExpression("REMOVE cancelled_by, cancelled_by_role"));
        // A cancelled one that lost who cancelled it: its reason is then nobody's either.
        stack.dynamo().updateItem(r -> r.tableName(table).key(key("APPT#" + gone.get("id"), "APPT"))
                .updateExpression("REMOVE cancelled_by, cancelled_by_role"));
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).startsWith("trail: cancelled appointment " + gone.get("id")));
        stack.dynamo().updateItem(r -> r.tableName(table).key(key("APPT#" + gone.get("id"), "APPT"))
                .updateExpression("REMOVE booked_by, booked_by_role"));
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).startsWith("trail: appointment " + gone.get("id") + " has a reason"));
        // As they were: the class's other tests share the table.
        stack.dynamo().putItem(r -> r.tableName(table).item(keptItem));
        stack.dynamo().putItem(r -> r.tableName(table).item(goneItem));
    }

    /** Issue 20: a status its history does not reach, a history off the visit's table, a no-show nobody counts. */
    @Test
    void aVisitOffItsTableOrANoShowOffThePatientsRecordIsNamed() {
        String day = freshDay();
        declare(doctor, day, 9);
        String id = (String) booked(patient, doctor, day, 9).get("id");
        stack.clock().set(java.time.LocalDate.parse(day).atTime(13, 1).toInstant(java.time.ZoneOffset.UTC));
        try {
            assertThat(api.post("/api/appointments/" + id + "/status", doctor.token(), Map.of("status", "noshow")).status()).isEqualTo(200);
        } finally {
            stack.clock().set(java.time.Instant.now());
        }
        assertThat(breaches()).isEmpty();
        var appointment = item("APPT#" + id, "APPT");

        var skipped = new java.util.HashMap<>(appointment);
        skipped.put("status", AttributeValue.fromS("fulfilled"));
        put(skipped);
        assertThat(breaches()).anySatisfy(b -> assertThat(b).isEqualTo("the visit: appointment " + id + " is fulfilled but its history ends at noshow"))
                .anySatisfy(b -> assertThat(b).startsWith("the visit: no-shows {}"));

        var offTable = new java.util.HashMap<>(appointment);
        var change = new java.util.HashMap<>(appointment.get("status_history").l().get(0).m());
        change.put("status", AttributeValue.fromS("fulfilled"));
        offTable.put("status_history", AttributeValue.fromL(List.of(AttributeValue.fromM(change))));
        offTable.put("status", AttributeValue.fromS("fulfilled"));
        put(offTable);
        assertThat(breaches()).anySatisfy(b -> assertThat(b).isEqualTo("the visit: appointment " + id + " went from booked to fulfilled"));

        put(appointment);
        assertThat(breaches()).isEmpty();
        var record = item("USER#" + patient.id(), "UPCOMING");
        var forgotten = new java.util.HashMap<>(record);
        forgotten.keySet().removeIf(name -> name.startsWith("noshow_"));
        put(forgotten);
        assertThat(breaches()).singleElement().satisfies(b -> assertThat(b).startsWith("the visit: no-shows {" + id));
        put(record);
        assertThat(breaches()).isEmpty();
    }
}
