package clinic.availability;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code DELETE /api/doctors/{id}/time-off/{tid}}: that doctor, or an admin, ends a time off; its dates go back to the pattern at once. */
public final class EndTimeOff extends ApiHandler {
    private final WorkingHoursService hours;

    public EndTimeOff() {
        this(App.fromEnvironment());
    }

    public EndTimeOff(App app) {
        this.hours = app.workingHours();
    }

    /** Time off of a doctor that does not exist: the profile read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("DELETE /api/doctors/{id}/time-off/{tid}").as(Role.ADMIN).path("id", Priming.ABSENT_ID)
                .path("tid", Priming.ABSENT_ID).event());
    }

    @Override
    protected Response handle(Request request) {
        hours.endTimeOff(request.caller(), request.pathParameter("id"), request.pathParameter("tid"));
        return Response.noContent();
    }
}
