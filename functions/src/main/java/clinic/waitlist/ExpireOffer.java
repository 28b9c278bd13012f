package clinic.waitlist;

import clinic.App;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The timer at an offer's deadline (set by {@link SetOfferTimer}): passes the offer on if the slot is
 * still held for it, or clears what is left of it. Conditional and idempotent, so a late, early or
 * repeated timer is harmless; no deadline depends on it firing on time.
 */
public final class ExpireOffer implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final OfferService offers;

    public ExpireOffer() {
        this(App.fromEnvironment());
    }

    public ExpireOffer(App app) {
        this.offers = app.offers();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        offers.expire(new OfferService.Deadline((String) input.get("doctor"), (String) input.get("date"),
                ((Number) input.get("slot")).intValue(), (String) input.get("entry"), (String) input.get("patient"),
                ((Number) input.get("until")).longValue()));
        return Map.of("done", true);
    }
}
