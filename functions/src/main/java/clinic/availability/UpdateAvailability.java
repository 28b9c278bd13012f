package clinic.availability;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Caller;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code PUT /api/availabilities/{id}/}: the owning doctor closes, reopens or moves an unbooked availability. */
public final class UpdateAvailability extends ApiHandler {
    private final AvailabilityService availabilities;
    private final ClinicClock clock;

    public UpdateAvailability() {
        this(App.fromEnvironment());
    }

    public UpdateAvailability(App app) {
        this.availabilities = app.availabilities();
        this.clock = app.clock();
    }

    @Override
    protected Response handle(Request request) {
        Caller doctor = request.caller().require(Role.DOCTOR);
        String id = request.pathParameter("id");
        var change = AvailabilityViews.declaration(request.json(), doctor, "");
        return Response.ok(AvailabilityViews.view(clock).apply(availabilities.update(doctor, id, change)));
    }
}
