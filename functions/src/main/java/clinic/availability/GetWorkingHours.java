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

/** {@code GET /api/doctors/{id}/hours}: that doctor, an admin or staff read the pattern in force and those to come. */
public final class GetWorkingHours extends ApiHandler {
    private final WorkingHoursService hours;
    private final ClinicClock clock;

    public GetWorkingHours() {
        this(App.fromEnvironment());
    }

    public GetWorkingHours(App app) {
        this.hours = app.workingHours();
        this.clock = app.clock();
    }

    /** Hours of a doctor that does not exist: the profile read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/doctors/{id}/hours").as(Role.ADMIN).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected List<Object> primingViews() {
        return WorkingHoursViews.primingViews(clock);
    }

    @Override
    protected Response handle(Request request) {
        return Response.ok(WorkingHoursViews.view(hours.patterns(request.caller(), request.pathParameter("id"))));
    }
}
