package clinic.events;

import clinic.App;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The outbox's reconciler, run by a schedule every {@code OutboxRepublishMinutes} (template.yaml):
 * events still unpublished that long after they occurred are published (docs/events.md, "Delivery
 * guarantees"). Answers {@code {"republished": n}}; a run the bus refuses fails, and the next one
 * takes over where it stopped.
 */
public final class RepublishOutbox implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final OutboxReconciler reconciler;

    public RepublishOutbox() {
        this(App.fromEnvironment());
    }

    public RepublishOutbox(App app) {
        this.reconciler = app.outboxReconciler();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return Map.of("republished", reconciler.republishStale());
    }
}
