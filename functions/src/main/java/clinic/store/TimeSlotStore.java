package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.StaleRead;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.store.Tx.Condition;
import java.time.LocalTime;
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

    /**
     * All slots, sorted by start time, with the version they were read at; {@code tabled}: read from the
     * catalog item's table of slots for that version (else by the Query: a catalog kept before the table was).
     */
    public record Catalog(List<TimeSlot> slots, long version, boolean tabled) {
        public Optional<TimeSlot> byId(int id) {
            return slots.stream().filter(s -> s.id() == id).findFirst();
        }

        public int nextId() {
            return slots.stream().mapToInt(TimeSlot::id).max().orElse(0) + 1;
        }
    }

    /**
     * The catalog as one committed change left it. Every change writes the whole table of slots onto
     * the catalog item, tagged with the version it bumps to, so one GetItem reads it whole: a Query of
     * the partition is read-committed, and could show a change's new version without its slot's new
     * times, and an overlap check would pass on that. A table whose tag is not the item's version (none
     * yet, or left by code from before the table was kept, which bumps the version alone) is not
     * trusted: the catalog is then read by the Query, and its next change writes the table again.
     */
    public Catalog catalog() {
        Optional<Catalog> tabled = table.get(Keys.TIMESLOT_CATALOG).flatMap(TimeSlotStore::tabled);
        return tabled.isPresent() ? tabled.get() : queried();
    }

    /** The catalog item's table, if it stands for the item's version. */
    private static Optional<Catalog> tabled(Map<String, AttributeValue> catalogItem) {
        long version = Schemas.CATALOG.read(catalogItem);
        return Optional.ofNullable(Schemas.CATALOG.slotTable.get(catalogItem))
                .flatMap(table -> SlotTable.read(table, version)).map(slots -> new Catalog(slots, version, true));
    }

    private Catalog queried() {
        var items = table.queryAll(QueryRequest.builder()
                .keyConditionExpression("#PK = :p")
                .expressionAttributeNames(Map.of("#PK", Keys.PK))
                .expressionAttributeValues(Map.of(":p", Items.s(Keys.TIMESLOT_PARTITION)))
                .consistentRead(true));
        long version = 0;
        List<TimeSlot> slots = new ArrayList<>();
        for (var item : items) {
            if (Keys.TIMESLOT_CATALOG.sk().equals(Items.str(item, Keys.SK))) {
                // Written since the GetItem: its table is the whole change, which the slots beside it may show in part.
                Optional<Catalog> tabled = tabled(item);
                if (tabled.isPresent()) {
                    return tabled.get();
                }
                version = Schemas.CATALOG.read(item);
            } else {
                slots.add(slot(item));
            }
        }
        slots.sort(Comparator.comparing(TimeSlot::start));
        return new Catalog(List.copyOf(slots), version, false);
    }

    public void create(Catalog basis, List<TimeSlot> slots) {
        Tx tx = table.transaction();
        List<TimeSlot> after = new ArrayList<>(basis.slots());
        after.addAll(slots);
        bumpVersion(tx, basis, after);
        for (TimeSlot slot : slots) {
            // An id taken meanwhile means the catalog changed: the version check fails too.
            tx.put(item(slot), Condition.absent().orReread());
        }
        table.transact(tx);
    }

    public void update(Catalog basis, TimeSlot slot) {
        Tx tx = table.transaction();
        bumpVersion(tx, basis, basis.slots().stream().map(s -> s.id() == slot.id() ? slot : s).toList());
        tx.update(Keys.timeSlot(slot.id()), "SET #start = :start, #end = :end",
                Map.of(":start", Schemas.TIME_SLOT.slot.start().value(slot.start()), ":end", Schemas.TIME_SLOT.slot.end().value(slot.end())), unused());
        table.transact(tx);
    }

    public void delete(Catalog basis, int id) {
        Tx tx = table.transaction();
        bumpVersion(tx, basis, basis.slots().stream().filter(s -> s.id() != id).toList());
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

    /** The next version, with the table of slots it stands for (see {@link #catalog()}). */
    private static void bumpVersion(Tx tx, Catalog basis, List<TimeSlot> after) {
        tx.update(Keys.TIMESLOT_CATALOG, "SET #version = :next, #slot_table = :table",
                Map.of(":next", Schemas.CATALOG.version.value(basis.version() + 1),
                        ":table", Schemas.CATALOG.slotTable.value(SlotTable.write(after, basis.version() + 1))),
                Condition.when("attribute_not_exists(#version) OR #version = :current", Map.of(":current", Schemas.CATALOG.version.value(basis.version())))
                        .orReread());
    }

    private static Map<String, AttributeValue> item(TimeSlot slot) {
        return Schemas.TIME_SLOT.item(Keys.timeSlot(slot.id()), slot);
    }

    static TimeSlot slot(Map<String, AttributeValue> item) {
        return Schemas.TIME_SLOT.read(item);
    }

    /**
     * The catalog item's table of slots, tagged with the version it stands for:
     * {@code slots@<version>:<id>=<start>-<end>,...} (nothing after the colon when there are none).
     */
    static final class SlotTable {
        private static final String PREFIX = "slots@";

        private SlotTable() {}

        static String write(List<TimeSlot> slots, long version) {
            StringBuilder table = new StringBuilder(PREFIX).append(version).append(':');
            int rowsFrom = table.length();
            for (TimeSlot slot : slots.stream().sorted(Comparator.comparingInt(TimeSlot::id)).toList()) {
                table.append(table.length() > rowsFrom ? "," : "").append(slot.id()).append('=')
                        .append(slot.start()).append('-').append(slot.end());
            }
            return table.toString();
        }

        /** The slots, if the table stands for {@code version}; empty for another version's (or no valid) table. */
        static Optional<List<TimeSlot>> read(String table, long version) {
            int colon = table.indexOf(':');
            if (!table.startsWith(PREFIX) || colon < 0 || !table.substring(PREFIX.length(), colon).equals(Long.toString(version))) {
                return Optional.empty();
            }
            List<TimeSlot> slots = new ArrayList<>();
            String rows = table.substring(colon + 1);
            if (!rows.isEmpty()) {
                for (String row : rows.split(",")) {
                    int equals = row.indexOf('=');
                    int dash = row.indexOf('-', equals);
                    slots.add(new TimeSlot(Integer.parseInt(row.substring(0, equals)),
                            new TimeRange(LocalTime.parse(row.substring(equals + 1, dash)), LocalTime.parse(row.substring(dash + 1)))));
                }
            }
            slots.sort(Comparator.comparing(TimeSlot::start));
            return Optional.of(List.copyOf(slots));
        }
    }
}
