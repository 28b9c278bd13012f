package clinic.waitlist;

import clinic.App;
import clinic.offers.OfferService;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Every few minutes (template.yaml, {@code OfferSweepMinutes}): passes on each offer whose deadline
 * passed and whose timer did not (a schedule lost, a target that failed every retry), as its timer
 * would, so no slot stays held by a lapsed offer for longer than the sweep's period (issue 18, §3).
 * Bounded: at most {@link #PAGES} pages of {@link #PAGE} holds a run; the next run takes the rest.
 */
public final class SweepOffers implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final int PAGE = 25;
    static final int PAGES = 8;

    private final OfferService offers;

    public SweepOffers() {
        this(App.fromEnvironment());
    }

    public SweepOffers(App app) {
        this.offers = app.offers();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return Map.of("passedOn", offers.sweep(PAGE, PAGES));
    }
}
