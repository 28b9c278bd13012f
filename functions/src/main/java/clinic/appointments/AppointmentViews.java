package clinic.appointments;

import clinic.appointments.AppointmentService.ListQuery;
import clinic.appointments.AppointmentService.SlotRequest;
import clinic.domain.Appointment;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Problem;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.timeslots.TimeSlotViews.OnCalendar;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Appointments in and out of JSON. */
public final class AppointmentViews {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private AppointmentViews() {}

    /**
     * An appointment on the wire: id, patient, patient_name, doctor, doctor_name, the calendar
     * fields ({@link OnCalendar}'s, in its order), status, created_at. They are listed here rather
     * than embedded with {@code @JsonUnwrapped}, as the other views do, because this is the view a
     * booking answers with: reading any annotation makes the JVM generate proxy classes, about
     * 25 ms of the booking's cold start (docs/performance.md). AppointmentViewsTest pins the text.
     */
    record AppointmentView(String id, String patient, String patientName, String doctor, String doctorName,
                           String date, int timeSlot, String startTime, String endTime, String start, String end,
                           String status, String createdAt) {}

    public static Function<Appointment, Object> view(ClinicClock clock) {
        return a -> {
            OnCalendar on = OnCalendar.of(a.date(), a.slot(), clock);
            return new AppointmentView(a.id(), a.patient().id(), a.patient().name(), a.doctor().id(), a.doctor().name(),
                    on.date(), on.timeSlot(), on.startTime(), on.endTime(), on.start(), on.end(),
                    a.status().wire(), a.createdAt().toString());
        };
    }

    /** {@code {doctor, date, time_slot}}; a {@code patient} other than the caller is refused. */
    static SlotRequest slotRequest(Request request, Caller caller) {
        Fields body = Fields.of(request.json());
        String doctor = body.string("doctor");
        var date = body.date("date");
        Integer slot = body.positiveInt("time_slot");
        if (body.differsFrom("patient", caller.id())) {
            throw new Problem.Forbidden("An appointment is always booked for the calling patient; omit 'patient'");
        }
        body.check();
        return new SlotRequest(doctor, date, slot);
    }

    static Optional<String> idempotencyKey(Request request) {
        Optional<String> key = request.header("Idempotency-Key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw new Problem.Invalid("Idempotency-Key", "1-255 visible ASCII characters");
        }
        return key;
    }

    static ListQuery listQuery(Request request) {
        Optional<Appointment.Status> status = request.query("status").map(text -> Arrays.stream(Appointment.Status.values())
                .filter(s -> s.wire().equals(text.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new Problem.Invalid("status", "must be booked or cancelled")));
        return new ListQuery(request.queryDate("from"), request.queryDate("to"), status);
    }

    /** A booked appointment's view, from a sample nothing stores: what priming writes (accepting an offer answers with it too). */
    public static Object primingView(ClinicClock clock) {
        return view(clock).apply(new Appointment(Priming.ABSENT_ID, Priming.NOBODY, Priming.NOBODY, clock.today(),
                Priming.FIRST_SLOT, Appointment.Status.BOOKED, clock.now()));
    }
}
