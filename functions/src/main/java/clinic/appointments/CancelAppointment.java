package clinic.appointments;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code DELETE /api/appointments/{id}/}: its patient, its doctor or an admin cancels; the slot is open again at once. */
public final class CancelAppointment extends ApiHandler {
    private final AppointmentService appointments;

    public CancelAppointment() {
        this(App.fromEnvironment());
    }

    public CancelAppointment(App app) {
        this.appointments = app.appointments();
    }

    @Override
    protected Response handle(Request request) {
        appointments.cancel(request.caller(), request.pathParameter("id"));
        return Response.noContent();
    }
}
