package clinic.availability;

import clinic.availability.AvailabilityService.Declaration;
import clinic.domain.Availability;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Problem;
import clinic.domain.UserRef;
import clinic.http.Fields;
import clinic.timeslots.TimeSlotViews;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Availabilities in and out of JSON. */
final class AvailabilityViews {
    private AvailabilityViews() {}

    static Function<Availability, Object> view(ClinicClock clock) {
        return a -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", a.id());
            json.put("doctor", a.doctor().id());
            json.put("doctor_name", a.doctor().name());
            TimeSlotViews.putOnCalendar(json, a.date(), a.slot(), clock);
            json.put("is_available", a.isOpen());
            return json;
        };
    }

    static Function<AvailabilityService.Listed, Object> listed(ClinicClock clock) {
        Function<Availability, Object> view = view(clock);
        return listed -> view.apply(listed.availability());
    }

    /** A doctor's schedule adds each availability's status and, when booked, its appointment and patient. */
    @SuppressWarnings("unchecked")
    static Function<AvailabilityService.Listed, Object> scheduled(ClinicClock clock) {
        Function<Availability, Object> view = view(clock);
        return listed -> {
            Availability a = listed.availability();
            Map<String, Object> json = (Map<String, Object>) view.apply(a);
            json.put("status", a.status().name().toLowerCase(Locale.ROOT));
            if (a.isBooked()) {
                json.put("appointment", a.appointmentId());
                json.put("patient", listed.patient().map(UserRef::id).orElse(null));
                json.put("patient_name", listed.patient().map(UserRef::name).orElse(null));
            }
            return json;
        };
    }

    /** One declaration {@code {date, time_slot, is_available?}}; a {@code doctor} other than the caller is refused. */
    static Declaration declaration(Object json, Caller caller, String prefix) {
        Fields body = Fields.of(json);
        var date = body.date("date");
        Integer slot = body.positiveInt("time_slot");
        boolean available = body.optionalBoolean("is_available", true);
        if (body.has("doctor") && !caller.id().equals(String.valueOf(body.raw("doctor")))) {
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
    static List<Declaration> declarations(Object json, Caller caller) {
        if (json instanceof List<?> list) {
            List<Declaration> declarations = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                declarations.add(declaration(list.get(i), caller, "[" + i + "]."));
            }
            return declarations;
        }
        return List.of(declaration(json, caller, ""));
    }
}
