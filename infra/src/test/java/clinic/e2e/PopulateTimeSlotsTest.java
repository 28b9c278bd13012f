package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.LocalResources;
import clinic.support.TestStack;
import clinic.timeslots.PopulateTimeSlots;
import clinic.timeslots.TimeSlotViews;
import clinic.http.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopulateTimeSlotsTest {

    @Test
    void populatingAddsTheTwentyFourHalfHoursFrom9To21OnceAndOnlyOnce() {
        try (LocalResources stack = TestStack.fresh(getClass())) {
            PopulateTimeSlots populate = new PopulateTimeSlots(stack.app());
            Map<String, Object> first = populate.handleRequest(Map.of(), null);
            Map<String, Object> second = populate.handleRequest(Map.of(), null);

            assertThat(first.get("added")).isEqualTo(24);
            assertThat(second.get("added")).isEqualTo(0);
            // plain maps with the wire names, whatever serializer the Lambda runtime writes them with
            List<?> slots = (List<?>) second.get("slots");
            assertThat(slots).hasSize(24).isEqualTo(Json.parse(Json.write(stack.app().timeSlots().list().stream().map(TimeSlotViews::view).toList())));
            assertThat(slots.get(0)).isEqualTo(Map.of("id", 1, "start_time", "09:00:00", "end_time", "09:30:00"));
            assertThat(slots.get(23)).isEqualTo(Map.of("id", 24, "start_time", "20:30:00", "end_time", "21:00:00"));
        }
    }
}
