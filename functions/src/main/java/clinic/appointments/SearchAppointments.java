package clinic.appointments;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Pages;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import clinic.views.AppointmentViews;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

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

    /** A name search: the index read and the JSON out. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/appointments/search").as(Role.PATIENT).query("doctor", "priming").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(AppointmentViews.primingView(clock));
    }

    @Override
    protected Response handle(Request request) {
        var page = appointments.search(request.caller(), request.query("doctor"), request.query("patient"), request.page());
        return Pages.ok(request, page, AppointmentViews.view(clock));
    }
}
