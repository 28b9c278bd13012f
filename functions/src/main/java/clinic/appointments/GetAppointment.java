package clinic.appointments;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import clinic.views.AppointmentViews;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/appointments/{id}/}: for its patient, its doctor and admins; 404 for anyone else. */
public final class GetAppointment extends ApiHandler {
    private final AppointmentService appointments;
    private final ClinicClock clock;

    public GetAppointment() {
        this(App.fromEnvironment());
    }

    public GetAppointment(App app) {
        this.appointments = app.appointments();
        this.clock = app.clock();
    }

    /** An appointment that does not exist: the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/appointments/{id}").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(AppointmentViews.primingView(clock));
    }

    @Override
    protected Response handle(Request request) {
        var appointment = appointments.get(request.caller(), request.pathParameter("id"));
        return Response.ok(AppointmentViews.view(clock).apply(appointment));
    }
}
