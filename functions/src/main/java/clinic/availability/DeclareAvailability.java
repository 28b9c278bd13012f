package clinic.availability;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Caller;
import clinic.domain.Role;
import com.fasterxml.jackson.databind.JsonNode;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code POST /api/availabilities/}: a doctor declares one availability, or an array of them all or nothing. */
public final class DeclareAvailability extends ApiHandler {
    private final AvailabilityService availabilities;
    private final ClinicClock clock;

    public DeclareAvailability() {
        this(App.fromEnvironment());
    }

    public DeclareAvailability(App app) {
        this.availabilities = app.availabilities();
        this.clock = app.clock();
    }

    @Override
    protected Response handle(Request request) {
        Caller doctor = request.caller().require(Role.DOCTOR);
        JsonNode json = request.json();
        var created = availabilities.declare(doctor, AvailabilityViews.declarations(json, doctor));
        var view = AvailabilityViews.view(clock);
        return Response.created(json.isArray() ? created.stream().map(view).toList() : view.apply(created.get(0)));
    }
}
