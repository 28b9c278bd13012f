package clinic.appointments;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

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

    @Override
    protected Response handle(Request request) {
        var appointment = appointments.get(request.caller(), request.pathParameter("id"));
        return Response.ok(AppointmentViews.view(clock).apply(appointment));
    }
}
