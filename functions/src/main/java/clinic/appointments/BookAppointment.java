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

/** {@code POST /api/appointments/}: a patient books an open slot (staff and admins: for a patient they name); a repeated Idempotency-Key returns the first booking. */
public final class BookAppointment extends ApiHandler {
    private final AppointmentService appointments;
    private final ClinicClock clock;

    public BookAppointment() {
        this(App.fromEnvironment());
    }

    public BookAppointment(App app) {
        this.appointments = app.appointments();
        this.clock = app.clock();
    }

    /** A booking of a doctor that does not exist: parsing, validation, the read and the 409 path. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/appointments").as(Role.PATIENT)
                .body("{\"doctor\":\"" + Priming.ABSENT_ID + "\",\"date\":\"" + clock.today().plusDays(1) + "\",\"time_slot\":1}").event());
    }

    /** And a transaction whose only condition cannot hold, so the write path's classes are loaded; nothing written. */
    @Override
    protected void prime() {
        super.prime();
        appointments.primeWrites();
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(AppointmentViews.primingView(clock));
    }

    @Override
    protected String successMetric() {
        return "Bookings";
    }

    @Override
    protected Response handle(Request request) {
        Caller caller = request.caller().require(Role.PATIENT, Role.STAFF, Role.ADMIN);
        var slot = AppointmentRequests.slotRequest(request);
        var booked = appointments.book(caller, slot, AppointmentRequests.idempotencyKey(request));
        return Response.created(AppointmentViews.view(clock).apply(booked));
    }
}
