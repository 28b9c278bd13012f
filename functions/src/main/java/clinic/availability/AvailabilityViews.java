package clinic.availability;

import clinic.availability.AvailabilityService.Declaration;
import clinic.domain.Availability;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Problem;
import clinic.domain.UserRef;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.views.OnCalendar;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Availabilities in and out of JSON. */
final class AvailabilityViews {
    private AvailabilityViews() {}

    /** An availability on the wire: id, doctor, doctor_name, the calendar fields, is_available. */
    record AvailabilityView(String id, String doctor, String doctorName, @JsonUnwrapped OnCalendar calendar, boolean isAvailable) {}

    static Function<Availability, Object> view(ClinicClock clock) {
        return a -> availabilityView(a, clock);
    }

    static Function<AvailabilityService.Listed, Object> listed(ClinicClock clock) {
        Function<Availability, Object> view = view(clock);
        return listed -> view.apply(listed.availability());
    }

    /** An availability in a doctor's schedule: its status and, when booked, its appointment and patient. */
    record ScheduledView(@JsonUnwrapped AvailabilityView availability, String status,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String appointment,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String patient,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String patientName) {}

    private static AvailabilityView availabilityView(Availability a, ClinicClock clock) {
        return new AvailabilityView(a.id(), a.doctor().id(), a.doctor().name(), OnCalendar.of(a.date(), a.slot(), clock),
                a.isOpenAt(clock.now()));
    }

    /** A doctor's schedule adds each availability's status and, when booked, its appointment and patient. */
    static Function<AvailabilityService.Listed, Object> scheduled(ClinicClock clock) {
        return listed -> {
            Availability a = listed.availability();
            boolean booked = a.isBooked();
            Availability.Status status = a.isOpenAt(clock.now()) ? Availability.Status.OPEN : a.status();
            return new ScheduledView(availabilityView(a, clock), status.name().toLowerCase(Locale.ROOT),
                    booked ? a.appointmentId() : null,
                    booked ? listed.patient().map(UserRef::id).orElse(null) : null,
                    booked ? listed.patient().map(UserRef::name).orElse(null) : null);
        };
    }

    /** One declaration {@code {date, time_slot, is_available?}}; a {@code doctor} other than the caller is refused. */
    static Declaration declaration(JsonNode json, Caller caller, String prefix) {
        Fields body = Fields.of(json);
        var date = body.date("date");
        Integer slot = body.positiveInt("time_slot");
        boolean available = body.optionalBoolean("is_available", true);
        if (body.differsFrom("doctor", caller.id())) {
            throw new Problem.Forbidden("An availability is always the calling doctor's; omit 'doctor'");
        }
        try {
            body.check();
        } catch (Problem.Invalid invalid) {
            if (prefix.isEmpty()) {
                throw invalid;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            invalid.fields().forEach((k, v) -> fields.put(prefix + k, v));
            throw new Problem.Invalid(fields);
        }
        return new Declaration(date, slot, available);
    }

    /** A single object, or an array of them. */
    static List<Declaration> declarations(JsonNode json, Caller caller) {
        if (json.isArray()) {
            List<Declaration> declarations = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                declarations.add(declaration(json.get(i), caller, "[" + i + "]."));
            }
            return declarations;
        }
        return List.of(declaration(json, caller, ""));
    }

    /** A booked availability's views, plain and in a schedule, from a sample nothing stores: what priming writes. */
    static List<Object> primingViews(ClinicClock clock) {
        Availability sample = new Availability(Priming.ABSENT_ID, Priming.NOBODY, clock.today(), Priming.FIRST_SLOT,
                Availability.Status.BOOKED, Priming.ABSENT_ID);
        return List.of(view(clock).apply(sample),
                scheduled(clock).apply(new AvailabilityService.Listed(sample, java.util.Optional.of(Priming.NOBODY))));
    }
}
