package clinic.appointments;

import clinic.App;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import clinic.views.AppointmentViews;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code PUT /api/appointments/{id}/}: the patient (or staff, an admin) moves a booking; the old slot reopens and the new one is taken, or nothing changes. */
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

    /** A move of an appointment that does not exist: parsing, validation, the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/appointments/{id}").as(Role.PATIENT).path("id", Priming.ABSENT_ID)
                .body("{\"doctor\":\"" + Priming.ABSENT_ID + "\",\"date\":\"" + clock.today().plusDays(1) + "\",\"time_slot\":1}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(AppointmentViews.primingView(clock));
    }

    @Override
    protected String successMetric() {
        return "Reschedules";
    }

    @Override
    protected Response handle(Request request) {
        Caller caller = request.caller().require(Role.PATIENT, Role.STAFF, Role.ADMIN);
        String id = request.pathParameter("id");
        var moved = appointments.reschedule(caller, id, AppointmentRequests.slotRequest(request), AppointmentRequests.reason(request));
        return Response.ok(AppointmentViews.view(clock).apply(moved));
    }
}
