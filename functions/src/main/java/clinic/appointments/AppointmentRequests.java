package clinic.appointments;

import clinic.appointments.AppointmentService.ListQuery;
import clinic.appointments.AppointmentService.SlotRequest;
import clinic.domain.Appointment;
import clinic.domain.CancelReason;
import clinic.domain.Problem;
import clinic.http.Fields;
import clinic.http.Request;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What the appointment routes read from a request: the slot asked for, the Idempotency-Key, the list's filters. */
final class AppointmentRequests {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private AppointmentRequests() {}

    /**
     * {@code {doctor, date, time_slot, patient?}}: whether the caller may name that patient is the
     * service's to decide (a patient only themselves; staff and admins anyone).
     */
    static SlotRequest slotRequest(Request request) {
        Fields body = Fields.of(request.json());
        String doctor = body.string("doctor");
        var date = body.date("date");
        Integer slot = body.positiveInt("time_slot");
        String patient = body.optionalString("patient");
        body.check();
        return new SlotRequest(doctor, date, slot, Optional.ofNullable(patient));
    }

    /**
     * Why a cancel or a move is made (issue 20): {@code reason_code} and {@code reason}, each from
     * the JSON body if it has it, else from the query (for clients that send no body with DELETE).
     */
    static Optional<CancelReason> reason(Request request) {
        Optional<String> code = request.query("reason_code");
        Optional<String> text = request.query("reason");
        if (request.hasBody()) {
            Fields body = Fields.of(request.json());
            String bodyCode = body.optionalString("reason_code");
            String bodyText = body.optionalString("reason");
            body.check();
            code = bodyCode != null ? Optional.of(bodyCode) : code;
            text = bodyText != null ? Optional.of(bodyText) : text;
        }
        return CancelReason.of(code, text);
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
                .orElseThrow(() -> new Problem.Invalid("status", "must be booked, cancelled, arrived, fulfilled or noshow")));
        return new ListQuery(request.queryDate("from"), request.queryDate("to"), status);
    }

    /** {@code {"status": "arrived" | "fulfilled" | "noshow"}}: the visit's status to record. */
    static Appointment.Status visitStatus(Request request) {
        Fields body = Fields.of(request.json());
        String text = body.string("status");
        Optional<Appointment.Status> status = Optional.ofNullable(text).flatMap(t -> Arrays.stream(Appointment.Status.values())
                .filter(s -> s.isVisit() && s.wire().equals(t)).findFirst());
        if (text != null && status.isEmpty()) {
            body.reject("status", "must be arrived, fulfilled or noshow");
        }
        body.check();
        return status.orElseThrow();
    }
}
