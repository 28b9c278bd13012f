package clinic.waitlist;

import clinic.App;
import clinic.http.Json;
import clinic.offers.OfferService;
import clinic.schedule.Timers;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Instant;
import java.util.Map;

/**
 * The timer at an offer's deadline (set by {@link SetOfferTimer}): passes the offer on if the slot is
 * still held for it, or clears what is left of it. Conditional and idempotent, so a late or repeated
 * timer is harmless. A timer that comes before the deadline (Scheduler fires anywhere within a
 * schedule's minute) re-arms itself: a new one-time schedule, named for this firing, at the deadline
 * rounded up to a whole minute; returning would leave the offer with no timer (issue 18, defect 4).
 */
public final class ExpireOffer implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final OfferService offers;
    private final App app;

    public ExpireOffer() {
        this(App.fromEnvironment());
    }

    public ExpireOffer(App app) {
        this.offers = app.offers();
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        OfferService.Deadline deadline = new OfferService.Deadline((String) input.get("doctor"), (String) input.get("date"),
                ((Number) input.get("slot")).intValue(), (String) input.get("entry"), (String) input.get("patient"),
                ((Number) input.get("until")).longValue(), (String) input.get("offer"));
        OfferService.Expiry found = offers.expire(deadline);
        if (found == OfferService.Expiry.STILL_LIVE) {
            // Read only here: a timer that is not early needs neither Scheduler nor its settings.
            Timers timers = app.timers();
            timers.set(SetOfferTimer.rearmedName(deadline, app.clock().now()), Instant.ofEpochMilli(deadline.until()),
                    app.config().require("EXPIRE_OFFER_ARN"), Json.write(deadline));
        }
        return Map.of("done", true, "found", found.name().toLowerCase(java.util.Locale.ROOT));
    }
}
