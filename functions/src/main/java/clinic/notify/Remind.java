package clinic.notify;

import clinic.App;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Instant;
import java.util.Map;

/**
 * A reminder's timer fired ({@code {"appointment": id, "start": instant}}, set by {@link Reminders}):
 * both parties are reminded if the appointment is still booked at that start. A failure is thrown,
 * so the invocation is retried and, after the last try, left in the dead-letter queue.
 */
public final class Remind implements RequestHandler<Map<String, Object>, Void> {
    private final Notifier notifier;

    public Remind() {
        this(App.fromEnvironment());
    }

    public Remind(App app) {
        this.notifier = app.notifier();
    }

    @Override
    public Void handleRequest(Map<String, Object> timer, Context context) {
        if (!(timer.get("appointment") instanceof String appointment) || !(timer.get("start") instanceof String start)) {
            throw new IllegalArgumentException("Not a reminder: {appointment, start} expected");
        }
        notifier.remind(appointment, Instant.parse(start));
        return null;
    }
}
