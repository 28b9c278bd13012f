package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.StaleRead;
import clinic.domain.TimeSlot;
import clinic.store.Tx.Condition;
import java.util.ArrayList;
import java.util.Comparator;
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
                version = Schemas.CATALOG.read(item);
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
            // An id taken meanwhile means the catalog changed: the version check fails too.
            tx.put(item(slot), Condition.absent().orReread());
        }
        table.transact(tx);
    }

    public void update(Catalog basis, TimeSlot slot) {
        Tx tx = table.transaction();
        bumpVersion(tx, basis);
        tx.update(Keys.timeSlot(slot.id()), "SET #start = :start, #end = :end",
                Map.of(":start", Schemas.TIME_SLOT.slot.start().value(slot.start()), ":end", Schemas.TIME_SLOT.slot.end().value(slot.end())), unused());
        table.transact(tx);
    }

    public void delete(Catalog basis, int id) {
        Tx tx = table.transaction();
        bumpVersion(tx, basis);
        tx.delete(Keys.timeSlot(id), unused());
        table.transact(tx);
    }

    /**
     * No availability uses the slot (IN_USE otherwise), so none has copied its times. A slot that is
     * gone while the catalog version held cannot be, but would mean: read again.
     */
    private static Condition unused() {
        return Condition.when("attribute_exists(#PK) AND (attribute_not_exists(#uses) OR #uses = :zero)", Map.of(":zero", Items.n(0)))
                .orElse(current -> current.isEmpty() ? new StaleRead() : Conflicts.inUse());
    }

    private static void bumpVersion(Tx tx, Catalog basis) {
        tx.update(Keys.TIMESLOT_CATALOG, "SET #version = :next", Map.of(":next", Schemas.CATALOG.version.value(basis.version() + 1)),
                Condition.when("attribute_not_exists(#version) OR #version = :current", Map.of(":current", Schemas.CATALOG.version.value(basis.version())))
                        .orReread());
    }

    private static Map<String, AttributeValue> item(TimeSlot slot) {
        return Schemas.TIME_SLOT.item(Keys.timeSlot(slot.id()), slot);
    }

    static TimeSlot slot(Map<String, AttributeValue> item) {
        return Schemas.TIME_SLOT.read(item);
    }
}
