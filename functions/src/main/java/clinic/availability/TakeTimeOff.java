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

/** {@code POST /api/doctors/{id}/time-off}: that doctor, or an admin, takes time off; its open slots close (its booked ones are cancelled if asked), the pattern leaves it alone. */
public final class TakeTimeOff extends ApiHandler {
    private final WorkingHoursService hours;
    private final ClinicClock clock;

    public TakeTimeOff() {
        this(App.fromEnvironment());
    }

    public TakeTimeOff(App app) {
        this.hours = app.workingHours();
        this.clock = app.clock();
    }

    /** Time off of a doctor that does not exist: parsing, validation, the profile read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        String day = clock.today().plusDays(1).toString();
        return List.of(Priming.request("POST /api/doctors/{id}/time-off").as(Role.ADMIN).path("id", Priming.ABSENT_ID)
                .body("{\"from\":\"" + day + "\",\"to\":\"" + day + "\",\"reason\":\"priming\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return TimeOffViews.primingViews(clock);
    }

    @Override
    protected Response handle(Request request) {
        var asked = TimeOffViews.timeOff(request.json(), clock);
        return Response.created(TimeOffViews.view(hours.takeTimeOff(request.caller(), request.pathParameter("id"), asked.timeOff(),
                asked.cancelBooked()), clock));
    }
}
