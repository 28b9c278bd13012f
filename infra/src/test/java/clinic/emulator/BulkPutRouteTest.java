package clinic.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.infra.bench.BulkLoad;
import clinic.store.AppointmentStore;
import clinic.store.AvailabilityStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The launcher's test-only bulk route stores an item exactly as PutItem would: the same item, of
 * any attribute types, reads back the same through GetItem and is found by the same index Queries
 * in a table it was bulk-loaded into as in a twin table it was put into; the benchmark's items are
 * the stores' own. Index maps built before the load see the loaded items.
 */
class BulkPutRouteTest {
    private static final String TWIN = "twin";
    /** Every index of template.yaml's table: its partition and sort key attributes. */
    private static final Map<String, List<String>> INDEXES = Map.of(
            "OpenSlots", List.of("OpenPK", "OpenSK"), "OpenByDoctor", List.of("SlotDoctorPK", "OpenSK"),
            "DoctorSchedule", List.of("SlotDoctorPK", "ScheduleSK"), "ByPatient", List.of("PatientPK", "WhenSK"),
            "ByDoctor", List.of("DoctorPK", "WhenSK"), "ByDate", List.of("AllPK", "WhenSK"),
            "Unpublished", List.of("UnpublishedPK", "UnpublishedSK"));

    private static OwnMoto moto;

    @BeforeAll
    static void start() throws Exception {
        moto = OwnMoto.patched();
        moto.createTable(TWIN);
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void anItemOfEveryAttributeTypeReadsBackAsPutItemStoresItAndIsFoundByItsIndexes() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("PK", s("ITEM#1"));
        item.put("SK", s("ALL-TYPES"));
        item.put("DoctorPK", s("D#types"));
        item.put("WhenSK", s("2026-12-01T09:00"));
        item.put("AllPK", s("A#types"));
        item.put("version", AttributeValue.fromN("42"));
        item.put("price", AttributeValue.fromN("-1.50"));
        item.put("ok", AttributeValue.fromBool(true));
        item.put("none", AttributeValue.fromNul(true));
        item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 254, 'a'})));
        item.put("tags", AttributeValue.fromSs(List.of("a", "b\"quoted\"", "ünï\ncode")));
        item.put("counts", AttributeValue.fromNs(List.of("1", "2.5")));
        item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("y"))));
        item.put("nested", AttributeValue.fromM(Map.of(
                "n", AttributeValue.fromN("7"),
                "list", AttributeValue.fromL(List.of(s("one"), AttributeValue.fromN("2"), AttributeValue.fromBool(false),
                        AttributeValue.fromM(Map.of("deep", AttributeValue.fromNul(true))))))));
        assertLoadedAsPut(List.of(item));
    }

    @Test
    void theStoresBulkItemsLoadedThroughTheRouteAreThoseTheirBatchWritesStore() {
        UserRef doctor = new UserRef("d0c70000-0000-4000-8000-000000000001", "jo.smith", "Jo Smith");
        UserRef patient = new UserRef("9a710000-0000-4000-8000-000000000002", "ann.baker", "Ann Baker");
        TimeSlot nine = new TimeSlot(3, new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 30)));
        LocalDate day = LocalDate.of(2026, 12, 1);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.addAll(BulkLoad.capture(OwnMoto.TABLE, table -> new AvailabilityStore(table).bulkLoad(List.of(
                new Availability("a1", doctor, day, nine, Availability.Status.OPEN, null)))));
        items.addAll(BulkLoad.capture(OwnMoto.TABLE, table -> new AppointmentStore(table).bulkLoad(List.of(
                new Appointment("ap1", patient, doctor, day.minusDays(1), nine, Appointment.Status.BOOKED, Instant.parse("2026-11-01T10:00:00Z"))))));
        assertThat(items).as("an open availability, its id item, a booking and its entries").hasSizeGreaterThan(5);
        assertThat(items).as("items with a number (their version)").anyMatch(i -> i.values().stream().anyMatch(v -> v.n() != null));
        assertLoadedAsPut(items);
    }

    @Test
    void anItemPutItemWouldRefuseIsRefusedWithTheItemNamed() {
        Map<String, AttributeValue> badNumber = Map.of("PK", s("ITEM#bad"), "SK", s("x"), "n", AttributeValue.fromN("twelve"));
        assertThatThrownBy(() -> moto.bulkPut(OwnMoto.TABLE, List.of(badNumber)))
                .hasMessageContaining("400").hasMessageContaining("item 0").hasMessageContaining("numeric");
        Map<String, AttributeValue> numberKey = Map.of("PK", AttributeValue.fromN("1"), "SK", s("x"));
        assertThatThrownBy(() -> moto.bulkPut(OwnMoto.TABLE, List.of(numberKey)))
                .hasMessageContaining("400").hasMessageContaining("key PK is N");
    }

    private static void assertLoadedAsPut(List<Map<String, AttributeValue>> items) {
        // Build the index maps first, so the load must keep them right, not merely have them built after it.
        INDEXES.forEach((index, keys) -> query(OwnMoto.TABLE, index, keys.get(0), "warm-up"));
        items.forEach(item -> moto.dynamo().putItem(r -> r.tableName(TWIN).item(item)));
        moto.bulkPut(OwnMoto.TABLE, items);
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> key = Map.of("PK", item.get("PK"), "SK", item.get("SK"));
            Map<String, AttributeValue> loaded = moto.dynamo().getItem(r -> r.tableName(OwnMoto.TABLE).key(key).consistentRead(true)).item();
            assertThat(loaded).as("GetItem of %s", key).isEqualTo(item);
            assertThat(loaded).isEqualTo(moto.dynamo().getItem(r -> r.tableName(TWIN).key(key).consistentRead(true)).item());
            int indexed = 0;
            for (var index : INDEXES.entrySet()) {
                String hash = index.getValue().get(0);
                if (item.containsKey(hash) && item.containsKey(index.getValue().get(1))) {
                    List<Map<String, AttributeValue>> found = query(OwnMoto.TABLE, index.getKey(), hash, item.get(hash).s());
                    assertThat(found).as("%s where %s = %s", index.getKey(), hash, item.get(hash).s()).contains(item);
                    assertThat(found).isEqualTo(query(TWIN, index.getKey(), hash, item.get(hash).s()));
                    indexed++;
                }
            }
            if (item.containsKey("DoctorPK") || item.containsKey("OpenPK")) {
                assertThat(indexed).as("indexes holding %s", key).isPositive();
            }
        }
    }

    private static List<Map<String, AttributeValue>> query(String table, String index, String hash, String value) {
        return moto.dynamo().query(r -> r.tableName(table).indexName(index).keyConditionExpression("#h = :v")
                .expressionAttributeNames(Map.of("#h", hash)).expressionAttributeValues(Map.of(":v", s(value)))).items();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
