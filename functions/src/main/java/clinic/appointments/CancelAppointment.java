package clinic.appointments;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code DELETE /api/appointments/{id}/}: its patient, its doctor, staff or an admin cancels (with an optional reason); the slot is open again at once. */
public final class CancelAppointment extends ApiHandler {
    private final AppointmentService appointments;

    public CancelAppointment() {
        this(App.fromEnvironment());
    }

    public CancelAppointment(App app) {
        this.appointments = app.appointments();
    }

    /** A cancel of an appointment that does not exist: the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("DELETE /api/appointments/{id}").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected String successMetric() {
        return "Cancellations";
    }

    @Override
    protected Response handle(Request request) {
        appointments.cancel(request.caller(), request.pathParameter("id"), AppointmentRequests.reason(request));
        return Response.noContent();
    }
}
