package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.Problem;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The clinic's time slots: one small partition read whole. Each change bumps the catalog's version
 * under a condition, so two admins cannot create overlapping slots at once; each slot counts the
 * availabilities that use it, so it cannot be changed or deleted while in use.
 */
public final class TimeSlotStore {
    private final Table table;

    public TimeSlotStore(Table table) {
        this.table = table;
    }

    /** All slots, sorted by start time, with the version they were read at. */
    public record Catalog(List<TimeSlot> slots, long version) {
        public Optional<TimeSlot> byId(int id) {
            return slots.stream().filter(s -> s.id() == id).findFirst();
        }

        public int nextId() {
            return slots.stream().mapToInt(TimeSlot::id).max().orElse(0) + 1;
        }
    }

    public Catalog catalog() {
        var items = table.queryAll(QueryRequest.builder()
                .keyConditionExpression("#PK = :p")
                .expressionAttributeNames(Map.of("#PK", Keys.PK))
                .expressionAttributeValues(Map.of(":p", Items.s(Keys.TIMESLOT_PARTITION)))
                .consistentRead(true));
        long version = 0;
        List<TimeSlot> slots = new ArrayList<>();
        for (var item : items) {
            if (Keys.TIMESLOT_CATALOG.sk().equals(Items.str(item, Keys.SK))) {
                version = Items.num(item, "version");
            } else {
                slots.add(slot(item));
            }
        }
        slots.sort(Comparator.comparing(TimeSlot::start));
        return new Catalog(List.copyOf(slots), version);
    }

    public void create(Catalog basis, List<TimeSlot> slots) {
        Tx tx = table.transaction();
        bumpVersion(tx, basis);
        for (TimeSlot slot : slots) {
            tx.putNew(item(slot));
        }
        table.transact(tx, failed -> staleRead());
    }

    public void update(Catalog basis, TimeSlot slot) {
        Tx tx = table.transaction();
        bumpVersion(tx, basis);
        tx.update(Keys.timeSlot(slot.id()), "SET #start = :start, #end = :end",
                "attribute_exists(#PK) AND " + UNUSED,
                Map.of(":start", Items.s(slot.start().toString()), ":end", Items.s(slot.end().toString()), ":zero", Items.n(0)));
        table.transact(tx, failed -> failed == 0 ? staleRead() : Conflicts.inUse());
    }

    public void delete(Catalog basis, int id) {
        Tx tx = table.transaction();
        bumpVersion(tx, basis);
        tx.delete(Keys.timeSlot(id), "attribute_exists(#PK) AND " + UNUSED, Map.of(":zero", Items.n(0)));
        table.transact(tx, failed -> failed == 0 ? staleRead() : Conflicts.inUse());
    }

    private static final String UNUSED = "(attribute_not_exists(#uses) OR #uses = :zero)";

    private static Problem staleRead() {
        throw new StaleRead();
    }

    private static void bumpVersion(Tx tx, Catalog basis) {
        tx.update(Keys.TIMESLOT_CATALOG, "SET #version = :next",
                "attribute_not_exists(#version) OR #version = :current",
                Map.of(":next", Items.n(basis.version() + 1), ":current", Items.n(basis.version())));
    }

    private static Map<String, AttributeValue> item(TimeSlot slot) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.timeSlot(slot.id()).toMap());
        item.put("id", Items.n(slot.id()));
        item.put("start", Items.s(slot.start().toString()));
        item.put("end", Items.s(slot.end().toString()));
        item.put("uses", Items.n(0));
        return item;
    }

    private static TimeSlot slot(Map<String, AttributeValue> item) {
        return new TimeSlot((int) Items.num(item, "id"),
                new TimeRange(LocalTime.parse(Items.str(item, "start")), LocalTime.parse(Items.str(item, "end"))));
    }
}
