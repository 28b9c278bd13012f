package clinic.timeslots;

import clinic.domain.Conflicts;
import clinic.domain.Problem;
import clinic.domain.SlotGrid;
import clinic.domain.StaleRead;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.store.TimeSlotStore.Catalog;
import clinic.store.TimeSlotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The clinic's time slots: read by everyone, changed by admins, never overlapping. */
public final class TimeSlotService {
    private static final int ATTEMPTS = 5;

    private final TimeSlotStore store;

    public TimeSlotService(TimeSlotStore store) {
        this.store = store;
    }

    public List<TimeSlot> list() {
        return store.catalog().slots();
    }

    public TimeSlot get(int id) {
        return store.catalog().byId(id).orElseThrow(() -> new Problem.NotFound("Time slot"));
    }

    public TimeSlot create(TimeRange range) {
        return optimistically(catalog -> {
            requireNoOverlap(catalog, range, 0);
            TimeSlot slot = new TimeSlot(catalog.nextId(), range);
            store.create(catalog, List.of(slot));
            return slot;
        });
    }

    public TimeSlot update(int id, TimeRange range) {
        return optimistically(catalog -> {
            TimeSlot current = catalog.byId(id).orElseThrow(() -> new Problem.NotFound("Time slot"));
            requireNoOverlap(catalog, range, id);
            TimeSlot updated = new TimeSlot(current.id(), range);
            if (!updated.equals(current)) {
                store.update(catalog, updated);
            }
            return updated;
        });
    }

    public void delete(int id) {
        optimistically(catalog -> {
            catalog.byId(id).orElseThrow(() -> new Problem.NotFound("Time slot"));
            store.delete(catalog, id);
            return id;
        });
    }

    /** Adds each standard half-hour slot that no existing slot overlaps; running it again adds nothing. */
    public List<TimeSlot> populate() {
        return optimistically(catalog -> {
            List<TimeSlot> added = new ArrayList<>();
            int next = catalog.nextId();
            for (TimeRange range : SlotGrid.standardDay()) {
                if (catalog.slots().stream().noneMatch(s -> s.range().overlaps(range))) {
                    added.add(new TimeSlot(next++, range));
                }
            }
            // Nothing to add still writes the catalog's table where it has none for its version (an upgrade's populate).
            if (!added.isEmpty() || !catalog.tabled()) {
                store.create(catalog, added);
            }
            return added;
        });
    }

    private static void requireNoOverlap(Catalog catalog, TimeRange range, int ignoredId) {
        if (catalog.slots().stream().anyMatch(s -> s.id() != ignoredId && s.range().overlaps(range))) {
            throw Conflicts.overlap();
        }
    }

    /** Reads the catalog, decides, writes under its version; a concurrent change means read again. */
    private <T> T optimistically(Function<Catalog, T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.apply(store.catalog());
            } catch (StaleRead stale) {
                if (attempt == ATTEMPTS) {
                    throw new Problem.Busy();
                }
            }
        }
    }
}
