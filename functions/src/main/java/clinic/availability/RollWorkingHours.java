package clinic.availability;

import clinic.App;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Once a day (template.yaml): rolls every doctor's working hours forward, so the horizon's new last
 * date (and any date of its last week a failed run left) has the availabilities its pattern names.
 * Idempotent: a second run declares nothing.
 */
public final class RollWorkingHours implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final WorkingHoursService hours;

    public RollWorkingHours() {
        this(App.fromEnvironment());
    }

    public RollWorkingHours(App app) {
        this.hours = app.workingHours();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        WorkingHoursService.Fill fill = hours.rollForward();
        return Map.of("declared", fill.declared(), "removed", fill.removed(), "conflicts", fill.conflicts().size());
    }
}
