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

/** {@code GET /api/doctors/{id}/time-off}: that doctor, an admin or staff list the doctor's time off. */
public final class ListTimeOff extends ApiHandler {
    private final WorkingHoursService hours;
    private final ClinicClock clock;

    public ListTimeOff() {
        this(App.fromEnvironment());
    }

    public ListTimeOff(App app) {
        this.hours = app.workingHours();
        this.clock = app.clock();
    }

    /** Time off of a doctor that does not exist: the profile read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/doctors/{id}/time-off").as(Role.ADMIN).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected List<Object> primingViews() {
        return TimeOffViews.primingViews(clock);
    }

    @Override
    protected Response handle(Request request) {
        return Response.ok(TimeOffViews.view(hours.timeOff(request.caller(), request.pathParameter("id"))));
    }
}
