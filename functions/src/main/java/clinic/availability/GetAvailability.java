package clinic.availability;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/availabilities/{id}/}. */
public final class GetAvailability extends ApiHandler {
    private final AvailabilityService availabilities;
    private final ClinicClock clock;

    public GetAvailability() {
        this(App.fromEnvironment());
    }

    public GetAvailability(App app) {
        this.availabilities = app.availabilities();
        this.clock = app.clock();
    }

    /** An availability that does not exist: the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/availabilities/{id}").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected List<Object> primingViews() {
        return AvailabilityViews.primingViews(clock);
    }

    @Override
    protected Response handle(Request request) {
        request.caller();
        return Response.ok(AvailabilityViews.view(clock).apply(availabilities.get(request.pathParameter("id"))));
    }
}
