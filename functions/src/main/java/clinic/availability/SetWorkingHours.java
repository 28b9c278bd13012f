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

/** {@code PUT /api/doctors/{id}/hours}: that doctor, or an admin, sets the doctor's weekly pattern from a date. */
public final class SetWorkingHours extends ApiHandler {
    private final WorkingHoursService hours;
    private final ClinicClock clock;

    public SetWorkingHours() {
        this(App.fromEnvironment());
    }

    public SetWorkingHours(App app) {
        this.hours = app.workingHours();
        this.clock = app.clock();
    }

    /** Hours of a doctor that does not exist: parsing, validation, the profile read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/doctors/{id}/hours").as(Role.ADMIN).path("id", Priming.ABSENT_ID)
                .body("{\"effective_from\":\"" + clock.today().plusDays(1) + "\",\"week\":{\"monday\":[{\"from\":\"09:00\",\"to\":\"12:30\"}]}}")
                .event());
    }

    @Override
    protected List<Object> primingViews() {
        return WorkingHoursViews.primingViews(clock);
    }

    @Override
    protected Response handle(Request request) {
        var pattern = WorkingHoursViews.pattern(request.json());
        return Response.ok(WorkingHoursViews.view(hours.set(request.caller(), request.pathParameter("id"), pattern), clock));
    }
}
