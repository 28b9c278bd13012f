package clinic.appointments;

import clinic.App;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code POST /api/appointments/}: a patient books an open slot; a repeated Idempotency-Key returns the first booking. */
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

    /** A booking of a doctor that does not exist: parsing, validation, the read and the 409 path; nothing written. */
    @Override
    protected void prime() {
        handleRequest(Priming.booking(clock), null);
        appointments.primeWrites();
    }

    @Override
    protected Response handle(Request request) {
        Caller patient = request.caller().require(Role.PATIENT);
        var slot = AppointmentViews.slotRequest(request, patient);
        var booked = appointments.book(patient, slot, AppointmentViews.idempotencyKey(request));
        return Response.created(AppointmentViews.view(clock).apply(booked));
    }
}
