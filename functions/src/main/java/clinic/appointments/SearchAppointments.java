package clinic.appointments;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.http.Pages;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code GET /api/appointments/search/?doctor=&patient=}: booked appointments by name, scoped as the list. */
public final class SearchAppointments extends ApiHandler {
    private final AppointmentService appointments;
    private final ClinicClock clock;

    public SearchAppointments() {
        this(App.fromEnvironment());
    }

    public SearchAppointments(App app) {
        this.appointments = app.appointments();
        this.clock = app.clock();
    }

    @Override
    protected Response handle(Request request) {
        var page = appointments.search(request.caller(), request.query("doctor"), request.query("patient"), request.page());
        return Pages.ok(request, page, AppointmentViews.view(clock));
    }
}
