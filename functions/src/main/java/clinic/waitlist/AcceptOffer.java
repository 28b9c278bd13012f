package clinic.waitlist;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import clinic.offers.OfferService;
import clinic.views.AppointmentViews;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code POST /api/waitlist/{id}/accept}: the waiter takes the slot offered to them; 201 with the appointment. */
public final class AcceptOffer extends ApiHandler {
    private final OfferService offers;
    private final ClinicClock clock;

    public AcceptOffer() {
        this(App.fromEnvironment());
    }

    public AcceptOffer(App app) {
        this.offers = app.offers();
        this.clock = app.clock();
    }

    /** Accepting for an entry that does not exist: the pointer read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/waitlist/{id}/accept").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(AppointmentViews.primingView(clock));
    }

    @Override
    protected String successMetric() {
        return "Bookings";
    }

    @Override
    protected Response handle(Request request) {
        var appointment = offers.accept(request.caller(), request.pathParameter("id"));
        return Response.created(AppointmentViews.view(clock).apply(appointment));
    }
}
