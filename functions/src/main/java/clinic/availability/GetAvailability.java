package clinic.availability;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

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

    @Override
    protected Response handle(Request request) {
        request.caller();
        return Response.ok(AvailabilityViews.view(clock).apply(availabilities.get(request.pathParameter("id"))));
    }
}
