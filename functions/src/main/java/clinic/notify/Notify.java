package clinic.notify;

import clinic.App;
import clinic.domain.BookingEvent;
import clinic.domain.WaitlistEvent;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;

/**
 * The notifier, subscribed to the bus: for each booking event (the EventBridge envelope), the
 * appointment's reminder set, moved or cancelled, and its patient and doctor emailed; for each
 * waitlist offer made or ended, the waiting patient emailed. A failure of any of these is thrown
 * once the others were tried, so the invocation is retried and, after the last try, left in the
 * dead-letter queue.
 */
public final class Notify implements RequestHandler<Map<String, Object>, Void> {
    private final App app;
    private final Reminders reminders;
    private final Notifier notifier;

    public Notify() {
        this(App.fromEnvironment());
    }

    public Notify(App app) {
        this.app = app;
        this.reminders = app.reminders();
        this.notifier = app.notifier();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Void handleRequest(Map<String, Object> envelope, Context context) {
        if (!(envelope.get("detail") instanceof Map<?, ?> detail)) {
            throw new IllegalArgumentException("Not a booking event: no detail");
        }
        if (WaitlistEvent.isOne(detail)) {
            notifier.on(WaitlistEvent.fromDetail(detail, app.clock().zone()));
            return null;
        }
        BookingEvent event = BookingEvent.fromDetail((Map<String, Object>) detail, app.clock().zone());
        // Emails first, then the timer, each tried whatever the other did: a Scheduler fault neither
        // holds back nor loses an email, and its retry sends nothing twice (sent markers).
        Independently.run(List.of(() -> notifier.on(event), () -> reminders.follow(event)));
        return null;
    }
}
