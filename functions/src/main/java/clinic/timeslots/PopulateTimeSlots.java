package clinic.timeslots;

import clinic.App;
import clinic.domain.TimeSlot;
import clinic.http.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;

/**
 * The original service's {@code populate_time_slot} command as a function with no route: invoked
 * once after deploy (and by {@code ./dev populate}), it adds the 24 half-hour slots from 09:00 to
 * 21:00 that are missing. Idempotent: a second run adds nothing.
 */
public final class PopulateTimeSlots implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final TimeSlotService timeSlots;

    public PopulateTimeSlots() {
        this(App.fromEnvironment());
    }

    public PopulateTimeSlots(App app) {
        this.timeSlots = app.timeSlots();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        List<TimeSlot> added = timeSlots.populate();
        // plain maps: the Lambda runtime serializes this answer with its own mapper, which knows nothing of snake_case
        return Map.of("added", added.size(), "slots", Json.plain(timeSlots.list().stream().map(TimeSlotViews::view).toList()));
    }
}
