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

/**
 * {@code POST /api/appointments/{id}/status}: from its start, the appointment's doctor, staff or an
 * admin records the visit, {@code {"status": "arrived" | "fulfilled" | "noshow"}}; 200 with the
 * appointment and its {@code status_history} (docs/decisions.md, "The visit").
 */
public final class SetAppointmentStatus extends ApiHandler {
    private final AppointmentService appointments;
    private final ClinicClock clock;

    public SetAppointmentStatus() {
        this(App.fromEnvironment());
    }

    public SetAppointmentStatus(App app) {
        this.appointments = app.appointments();
        this.clock = app.clock();
    }

    /** An arrival at an appointment that does not exist: parsing, validation, the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/appointments/{id}/status").as(Role.DOCTOR).path("id", Priming.ABSENT_ID)
                .body("{\"status\":\"arrived\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(AppointmentViews.primingView(clock));
    }

    @Override
    protected Response handle(Request request) {
        var status = AppointmentRequests.visitStatus(request);
        var appointment = appointments.recordVisit(request.caller(), request.pathParameter("id"), status);
        return Response.ok(AppointmentViews.view(clock).apply(appointment));
    }
}
