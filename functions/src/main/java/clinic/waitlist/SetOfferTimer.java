package clinic.waitlist;

import clinic.App;
import clinic.domain.WaitlistEvent;
import clinic.http.Json;
import clinic.offers.OfferService;
import clinic.schedule.Timers;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Instant;
import java.util.Map;

/**
 * Subscribed to {@code waitlist.offered} on the bus (template.yaml): sets the one-time timer that
 * invokes {@link ExpireOffer} at the offer's deadline. A timer cannot be set inside the DynamoDB
 * transaction that makes the offer, so it is set from the offer's event, which exists exactly when
 * that transaction committed. Named by the offer, so a redelivered event sets the same timer again.
 */
public final class SetOfferTimer implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Timers timers;
    private final String expireOfferArn;

    public SetOfferTimer() {
        this(App.fromEnvironment());
    }

    public SetOfferTimer(App app) {
        this.timers = app.timers();
        this.expireOfferArn = app.config().require("EXPIRE_OFFER_ARN");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<?, ?> detail = (Map<?, ?>) event.get("detail");
        if (detail == null || !WaitlistEvent.Type.OFFERED.wire().equals(detail.get("type"))) {
            return Map.of("set", false);
        }
        Instant deadline = Instant.parse((String) detail.get("deadline"));
        OfferService.Deadline input = new OfferService.Deadline((String) ((Map<?, ?>) detail.get("doctor")).get("id"),
                (String) detail.get("date"), ((Number) detail.get("timeSlot")).intValue(), (String) detail.get("entry"),
                (String) ((Map<?, ?>) detail.get("patient")).get("id"), deadline.toEpochMilli(), (String) detail.get("offer"));
        timers.set(timerName(input), deadline, expireOfferArn, Json.write(input));
        return Map.of("set", true);
    }

    /**
     * {@code offer-<offer id>} (42 characters, within Scheduler's 64): one timer per occurrence of an
     * offer, so a redelivered event sets the same one again and a new offer never moves an old one's.
     * An event from before offers had ids names it as then, {@code offer-<entry id>-<deadline in epoch ms>}.
     */
    static String timerName(OfferService.Deadline deadline) {
        return isLegacy(deadline) ? "offer-" + deadline.entry() + "-" + deadline.until() : "offer-" + deadline.offer();
    }

    /**
     * The timer an early firing sets in its place: {@code offer-<offer id>-<epoch second of the firing>}
     * (at most 53 characters), never the name of the schedule firing now, which Scheduler deletes
     * once it completes; a repeated delivery in the same second sets the same one again.
     */
    static String rearmedName(OfferService.Deadline deadline, Instant now) {
        String offer = isLegacy(deadline)
                ? java.util.UUID.nameUUIDFromBytes((deadline.entry() + "-" + deadline.until()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString()
                : deadline.offer();
        return "offer-" + offer + "-" + now.getEpochSecond();
    }

    private static boolean isLegacy(OfferService.Deadline deadline) {
        return deadline.offer().equals(clinic.domain.Offer.legacyId(Instant.ofEpochMilli(deadline.until())));
    }
}
