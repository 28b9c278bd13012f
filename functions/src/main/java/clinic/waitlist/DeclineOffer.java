package clinic.waitlist;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import clinic.offers.OfferService;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code POST /api/waitlist/{id}/decline}: the waiter turns the offer down; it passes on. The entry keeps waiting. */
public final class DeclineOffer extends ApiHandler {
    private final OfferService offers;

    public DeclineOffer() {
        this(App.fromEnvironment());
    }

    public DeclineOffer(App app) {
        this.offers = app.offers();
    }

    /** Declining for an entry that does not exist: the pointer read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/waitlist/{id}/decline").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected Response handle(Request request) {
        offers.decline(request.caller(), request.pathParameter("id"));
        return Response.noContent();
    }
}
