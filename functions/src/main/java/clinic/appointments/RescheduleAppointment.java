package clinic.appointments;

import clinic.App;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code PUT /api/appointments/{id}/}: the patient moves a booking; the old slot reopens and the new one is taken, or nothing changes. */
public final class RescheduleAppointment extends ApiHandler {
    private final AppointmentService appointments;
    private final ClinicClock clock;

    public RescheduleAppointment() {
        this(App.fromEnvironment());
    }

    public RescheduleAppointment(App app) {
        this.appointments = app.appointments();
        this.clock = app.clock();
    }

    @Override
    protected Response handle(Request request) {
        Caller patient = request.caller().require(Role.PATIENT);
        String id = request.pathParameter("id");
        var moved = appointments.reschedule(patient, id, AppointmentViews.slotRequest(request, patient));
        return Response.ok(AppointmentViews.view(clock).apply(moved));
    }
}
