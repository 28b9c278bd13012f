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

/** {@code GET /api/appointments/}: the caller's appointments (all of them for admins), by date and start time. */
public final class ListAppointments extends ApiHandler {
    private final AppointmentService appointments;
    private final ClinicClock clock;

    public ListAppointments() {
        this(App.fromEnvironment());
    }

    public ListAppointments(App app) {
        this.appointments = app.appointments();
        this.clock = app.clock();
    }

    /** Nobody's appointments: the index read and the JSON out. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/appointments").as(Role.PATIENT).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(AppointmentViews.primingView(clock));
    }

    @Override
    protected Response handle(Request request) {
        var page = appointments.list(request.caller(), AppointmentRequests.listQuery(request), request.page());
        return Pages.ok(request, page, AppointmentViews.view(clock));
    }
}
