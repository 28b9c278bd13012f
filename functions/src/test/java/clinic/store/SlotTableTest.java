package clinic.store;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog item's table of slots: read back as written, sorted by start, and only for the version it was written for. */
class SlotTableTest {
    private static TimeSlot slot(int id, String start, String end) {
        return new TimeSlot(id, new TimeRange(LocalTime.parse(start), LocalTime.parse(end)));
    }

    @Test
    void aTableReadsBackItsSlotsSortedByStartForItsOwnVersion() {
        List<TimeSlot> slots = List.of(slot(3, "10:00", "10:30"), slot(1, "12:00", "12:30"), slot(2, "09:00", "09:30"));
        String table = TimeSlotStore.SlotTable.write(slots, 7);

        assertThat(table).isEqualTo("slots@7:1=12:00-12:30,2=09:00-09:30,3=10:00-10:30");
        assertThat(TimeSlotStore.SlotTable.read(table, 7)).hasValueSatisfying(read -> assertThat(read)
                .containsExactly(slot(2, "09:00", "09:30"), slot(3, "10:00", "10:30"), slot(1, "12:00", "12:30")));
    }

    @Test
    void anEmptyCatalogIsATableOfNoSlots() {
        String table = TimeSlotStore.SlotTable.write(List.of(), 4);

        assertThat(table).isEqualTo("slots@4:");
        assertThat(TimeSlotStore.SlotTable.read(table, 4)).hasValue(List.of());
    }

    @Test
    void aTableOfAnotherVersionOrNotATableIsNotRead() {
        String table = TimeSlotStore.SlotTable.write(List.of(slot(1, "09:00", "09:30")), 5);

        assertThat(TimeSlotStore.SlotTable.read(table, 6)).isEmpty();
        assertThat(TimeSlotStore.SlotTable.read(table, 50)).isEmpty();
        assertThat(TimeSlotStore.SlotTable.read("slots:1=09:00-09:30", 5)).isEmpty();
        assertThat(TimeSlotStore.SlotTable.read("", 0)).isEmpty();
    }
}
