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
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

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

    /** A declaration by a doctor with no profile: parsing, validation, the profile read and the 403. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/availabilities").as(Role.DOCTOR)
                .body("{\"date\":\"" + clock.today().plusDays(1) + "\",\"time_slot\":1}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return AvailabilityViews.primingViews(clock);
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
