package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.HalfSeen;
import clinic.support.Users.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TimeSlotsTest extends EndToEndTest {
    private User admin;
    private User patient;
    private User doctor;

    @BeforeAll
    void signIn() {
        admin = users.admin();
        patient = users.patient("Pat Jones");
        doctor = users.doctor("Dana Doctor");
    }

    private final HalfSeen halfSeen = new HalfSeen();

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(halfSeen);
    }

    @Override
    protected boolean populateTimeSlots() {
        return false; // these tests lay out slots of their own
    }

    private Map<String, Object> create(String start, String end) {
        var reply = api.post("/api/timeslots/", admin.token(), Map.of("start_time", start, "end_time", end));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    private List<Map<String, Object>> list() {
        return api.get("/api/timeslots/", patient.token()).array();
    }

    @Test
    void adminsCreateSlotsOnTheGridAndEveryoneSignedInListsThemByStartTime() {
        var late = create("19:00:00", "20:00:00");
        var early = create("12:00", "12:30");
        assertThat(early).containsEntry("start_time", "12:00:00").containsEntry("end_time", "12:30:00");
        var listed = list();
        assertThat(listed).extracting(s -> s.get("start_time")).isSorted();
        assertThat(listed).contains(early, late);
        assertThat(api.get("/api/timeslots/" + late.get("id") + "/", doctor.token()).object()).isEqualTo(late);
        assertThat(api.get("/api/timeslots/" + late.get("id"), doctor.token()).object()).isEqualTo(late);
    }

    /**
     * A Query of the catalog's partition is read-committed on DynamoDB: an admin's change could read a
     * slot's move half applied (the catalog's new version, the slot's old times), pass its overlap check
     * and commit under that version, leaving two slots over one half hour. The catalog is read whole
     * from one item instead, so the moved slot's new times are what the next change checks against.
     */
    @Test
    void aSlotMovedJustBeforeStillRefusesAnOverlapWhateverAQueryOfTheCatalogShows() {
        var moving = create("16:00", "16:30");
        Map<String, AttributeValue> before = stack.dynamo().getItem(r -> r.tableName(stack.config().tableName())
                .key(Map.of("PK", AttributeValue.fromS("TIMESLOT"), "SK", AttributeValue.fromS(String.format("SLOT#%04d", ((Number) moving.get("id")).intValue()))))
                .consistentRead(true)).item();
        var moved = api.put("/api/timeslots/" + moving.get("id") + "/", admin.token(), Map.of("start_time", "15:00", "end_time", "15:30"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        halfSeen.nextReadShowing(before);
        var overlapping = api.post("/api/timeslots/", admin.token(), Map.of("start_time", "15:00", "end_time", "15:30"));
        boolean queried = halfSeen.dropped();
        halfSeen.disarm();

        assertThat(overlapping.status()).as(overlapping.toString()).isEqualTo(409);
        assertThat(overlapping.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(queried).as("the catalog was read from its item, not by the Query").isFalse();
        assertThat(list()).filteredOn(s -> "15:00:00".equals(s.get("start_time"))).hasSize(1);
    }

    /**
     * Code from before the catalog kept its table (a rollback, or old functions still running through a
     * deploy) changes a slot and bumps the version alone, leaving the table of an older version behind.
     * That table is not trusted: the catalog is read by the Query, which sees the slot where it now is.
     */
    @Test
    void aTableLeftBehindByAnOlderVersionIsNotTrusted() {
        var moving = create("17:00", "17:30");
        Map<String, AttributeValue> slotKey = Map.of("PK", AttributeValue.fromS("TIMESLOT"),
                "SK", AttributeValue.fromS(String.format("SLOT#%04d", ((Number) moving.get("id")).intValue())));
        // As the older code moves a slot: its times and the catalog's version, in one transaction, no table.
        stack.dynamo().transactWriteItems(r -> r.transactItems(
                t -> t.update(u -> u.tableName(stack.config().tableName()).key(slotKey)
                        .updateExpression("SET #start = :start, #end = :end")
                        .expressionAttributeNames(Map.of("#start", "start", "#end", "end"))
                        .expressionAttributeValues(Map.of(":start", AttributeValue.fromS("18:00:00"), ":end", AttributeValue.fromS("18:30:00")))),
                t -> t.update(u -> u.tableName(stack.config().tableName())
                        .key(Map.of("PK", AttributeValue.fromS("TIMESLOT"), "SK", AttributeValue.fromS("CATALOG")))
                        .updateExpression("SET #version = #version + :one")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))));

        var overlapping = api.post("/api/timeslots/", admin.token(), Map.of("start_time", "18:00", "end_time", "18:30"));

        assertThat(overlapping.status()).as(overlapping.toString()).isEqualTo(409);
        assertThat(list()).filteredOn(s -> "18:00:00".equals(s.get("start_time"))).hasSize(1);
    }

    @Test
    void offGridOutOfHoursAndBackwardsSlotsAre400AndNothingIsStored() {
        int before = list().size();
        String[][] bad = {{"09:15:00", "09:45:00"}, {"08:30:00", "09:00:00"}, {"20:30:00", "21:30:00"},
                {"10:00:00", "10:00:00"}, {"11:00:00", "10:30:00"}, {"25:00:00", "26:00:00"}, {"9am", "10am"},
                {"10:00:10", "10:30:00"}};
        for (String[] times : bad) {
            var reply = api.post("/api/timeslots/", admin.token(), Map.of("start_time", times[0], "end_time", times[1]));
            assertThat(reply.status()).as(String.join("-", times)).isEqualTo(400);
            assertThat(reply.code()).isEqualTo("VALIDATION_ERROR");
            assertThat((Map<?, ?>) reply.object().get("fields")).isNotEmpty();
        }
        var wrongTypes = api.post("/api/timeslots/", admin.token(), Map.of("start_time", 900, "end_time", List.of()));
        assertThat(wrongTypes.status()).isEqualTo(400);
        assertThat(wrongTypes.object().get("fields")).isEqualTo(Map.of("start_time", "must be a string", "end_time", "must be a string"));
        assertThat(api.post("/api/timeslots/", admin.token(), "{\"start_time\":").code()).isEqualTo("MALFORMED_JSON");
        assertThat(list()).hasSize(before);
    }

    @Test
    void anOverlappingSlotIs409() {
        create("14:00:00", "15:00:00");
        var reply = api.post("/api/timeslots/", admin.token(), Map.of("start_time", "14:30:00", "end_time", "15:30:00"));
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("ALREADY_EXISTS");
    }

    @Test
    void onlyAdminsChangeSlots() {
        var slot = create("15:30:00", "16:00:00");
        String path = "/api/timeslots/" + slot.get("id") + "/";
        for (User user : List.of(patient, doctor)) {
            assertThat(api.post("/api/timeslots/", user.token(), Map.of("start_time", "16:00:00", "end_time", "16:30:00")).status()).isEqualTo(403);
            assertThat(api.put(path, user.token(), Map.of("start_time", "16:00:00", "end_time", "16:30:00")).status()).isEqualTo(403);
            assertThat(api.delete(path, user.token()).status()).isEqualTo(403);
        }
        assertThat(api.get(path, patient.token()).object()).isEqualTo(slot);
    }

    @Test
    void anAdminMovesAndDeletesAnUnusedSlot() {
        var slot = create("17:00:00", "17:30:00");
        String path = "/api/timeslots/" + slot.get("id") + "/";
        var moved = api.put(path, admin.token(), Map.of("start_time", "17:30:00", "end_time", "18:00:00"));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.object()).containsEntry("id", slot.get("id")).containsEntry("start_time", "17:30:00");
        assertThat(api.put(path, admin.token(), Map.of("start_time", "17:45:00", "end_time", "18:00:00")).status()).isEqualTo(400);
        assertThat(api.delete(path, admin.token()).status()).isEqualTo(204);
        assertThat(api.get(path, admin.token()).status()).isEqualTo(404);
        assertThat(api.delete(path, admin.token()).status()).isEqualTo(404);
    }

    @Test
    void aSlotInUseByAnAvailabilityCannotBeChangedOrDeleted() {
        var slot = create("18:00:00", "18:30:00");
        String path = "/api/timeslots/" + slot.get("id") + "/";
        var declared = api.post("/api/availabilities/", doctor.token(),
                Map.of("date", java.time.LocalDate.now().plusDays(3).toString(), "time_slot", slot.get("id")));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        var update = api.put(path, admin.token(), Map.of("start_time", "18:30:00", "end_time", "19:00:00"));
        assertThat(update.status()).isEqualTo(409);
        assertThat(update.code()).isEqualTo("IN_USE");
        var delete = api.delete(path, admin.token());
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.code()).isEqualTo("IN_USE");

        assertThat(api.delete("/api/availabilities/" + declared.object().get("id") + "/", doctor.token()).status()).isEqualTo(204);
        assertThat(api.delete(path, admin.token()).status()).isEqualTo(204);
    }

    @Test
    void unknownAndNonNumericIdsAre404() {
        for (String id : List.of("999999", "abc", "0", "-1", "1.5")) {
            var reply = api.get("/api/timeslots/" + id + "/", patient.token());
            assertThat(reply.status()).as(id).isEqualTo(404);
            assertThat(reply.code()).isEqualTo("NOT_FOUND");
        }
        assertThat(api.put("/api/timeslots/424242/", admin.token(), Map.of("start_time", "10:00:00", "end_time", "10:30:00")).status())
                .isEqualTo(404);
    }

    @Test
    void theListPagesLikeEveryOtherList() {
        create("09:00:00", "09:30:00");
        create("09:30:00", "10:00:00");
        create("10:00:00", "10:30:00");
        var first = api.get("/api/timeslots/?limit=2", patient.token());
        assertThat(first.array()).hasSize(2);
        var rest = api.get(OpenSlotsTest.nextLink(first.header("Link").orElseThrow()), patient.token());
        assertThat(rest.array()).isNotEmpty();
        assertThat(rest.array().get(0).get("start_time")).isEqualTo("10:00:00");
        assertThat(api.get("/api/timeslots/?limit=0", patient.token()).status()).isEqualTo(400);
    }

    @Test
    void signedOutCallersGet401() {
        assertThat(api.get("/api/timeslots/", null).status()).isEqualTo(401);
        assertThat(api.get("/api/timeslots/1/", null).status()).isEqualTo(401);
        assertThat(api.post("/api/timeslots/", null, Map.of("start_time", "10:00:00", "end_time", "10:30:00")).status()).isEqualTo(401);
    }
}
