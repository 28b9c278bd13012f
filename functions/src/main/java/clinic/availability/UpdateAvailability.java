package clinic.availability;

import clinic.App;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

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

    /** A change of an availability that does not exist: parsing, validation, the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/availabilities/{id}").as(Role.DOCTOR).path("id", Priming.ABSENT_ID)
                .body("{\"date\":\"" + clock.today().plusDays(1) + "\",\"time_slot\":1,\"is_available\":false}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return AvailabilityViews.primingViews(clock);
    }

    @Override
    protected Response handle(Request request) {
        Caller doctor = request.caller().require(Role.DOCTOR);
        String id = request.pathParameter("id");
        var change = AvailabilityViews.declaration(request.json(), doctor, "");
        return Response.ok(AvailabilityViews.view(clock).apply(availabilities.update(doctor, id, change)));
    }
}
