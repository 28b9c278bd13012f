package clinic.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One committed change of an appointment, as the clinic's other systems learn of it. Its id is the
 * appointment's id and the version the change produced, so the same change always has the same id
 * and consumers can drop a redelivery. {@link #detail(ZoneId)} is the body: an HL7 FHIR R4
 * {@code Appointment} resource plus our own fields (docs/events.md).
 */
public record BookingEvent(Type type, Appointment appointment, Optional<Appointment> previous, String actorId,
                           Instant occurredAt) {

    /** Where every booking event comes from, on the bus. */
    public static final String SOURCE = "clinic.appointments";

    public enum Type {
        BOOKED, RESCHEDULED, CANCELLED,
        /** The visit's status changed: arrived, fulfilled or noshow (docs/decisions.md, "The visit"). */
        STATUS_CHANGED;

        /** {@code appointment.booked} and so on: the event's detail-type. */
        public String wire() {
            return "appointment." + name().toLowerCase(Locale.ROOT);
        }
    }

    public static BookingEvent booked(Appointment appointment, String actorId, Instant at) {
        return new BookingEvent(Type.BOOKED, appointment, Optional.empty(), actorId, at);
    }

    public static BookingEvent rescheduled(Appointment from, Appointment to, String actorId, Instant at) {
        return new BookingEvent(Type.RESCHEDULED, to, Optional.of(from), actorId, at);
    }

    public static BookingEvent cancelled(Appointment appointment, String actorId, Instant at) {
        return new BookingEvent(Type.CANCELLED, appointment, Optional.empty(), actorId, at);
    }

    /** {@code from} as read, {@code to} with its new status (the last entry of its status_history). */
    public static BookingEvent statusChanged(Appointment from, Appointment to, String actorId, Instant at) {
        return new BookingEvent(Type.STATUS_CHANGED, to, Optional.of(from), actorId, at);
    }

    /** Stable across redeliveries: one appointment version is produced by exactly one change. */
    public String id() {
        return id(appointment.id(), appointment.version());
    }

    public static String id(String appointmentId, long version) {
        return appointmentId + "-v" + version;
    }

    /** The event's detail: the appointment as a FHIR R4 resource after the change, plus what happened. */
    public Map<String, Object> detail(ZoneId zone) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("resourceType", "Appointment");
        detail.put("id", appointment.id());
        detail.put("meta", ordered("versionId", Long.toString(appointment.version()), "lastUpdated", occurredAt.toString()));
        detail.put("status", appointment.status().wire());
        detail.put("start", instant(appointment.date(), appointment.slot().start(), zone));
        detail.put("end", instant(appointment.date(), appointment.slot().end(), zone));
        detail.put("minutesDuration", Duration.between(appointment.slot().start(), appointment.slot().end()).toMinutes());
        detail.put("created", appointment.createdAt().toString());
        detail.put("participant", List.of(
                participant("Practitioner", appointment.doctor()),
                participant("Patient", appointment.patient())));
        detail.put("type", type.wire());
        detail.put("eventId", id());
        detail.put("occurredAt", occurredAt.toString());
        detail.put("changedBy", actorId);
        putTrail(detail, appointment.trail());
        if (type == Type.STATUS_CHANGED) {
            previous.ifPresent(before -> detail.put("previousStatus", before.status().wire()));
            appointment.statusHistory().stream().reduce((first, last) -> last).ifPresent(change ->
                    detail.put("changedByRole", change.byRole()));
            return detail;
        }
        previous.ifPresent(before -> {
            Map<String, Object> was = new LinkedHashMap<>();
            was.put("start", instant(before.date(), before.slot().start(), zone));
            was.put("end", instant(before.date(), before.slot().end(), zone));
            was.put("practitioner", reference("Practitioner", before.doctor()));
            detail.put("previous", was);
        });
        return detail;
    }

    /**
     * The event back from its {@link #detail(ZoneId) detail}, as a subscriber receives it: the
     * appointment with its times in the clinic's zone. What the detail does not carry (the slot's
     * number, usernames) is left empty: 0 and "".
     */
    public static BookingEvent fromDetail(Map<String, Object> detail, ZoneId zone) {
        Type type = Type.valueOf(text(detail, "type").substring("appointment.".length()).toUpperCase(Locale.ROOT));
        UserRef doctor = null;
        UserRef patient = null;
        for (Object p : (List<?>) detail.get("participant")) {
            Map<?, ?> actor = (Map<?, ?>) ((Map<?, ?>) p).get("actor");
            String reference = (String) actor.get("reference");
            UserRef who = new UserRef(reference.substring(reference.indexOf('/') + 1), "", (String) actor.get("display"));
            if (reference.startsWith("Practitioner/")) {
                doctor = who;
            } else if (reference.startsWith("Patient/")) {
                patient = who;
            }
        }
        if (doctor == null || patient == null) {
            throw new IllegalArgumentException("An appointment event names its practitioner and its patient");
        }
        long version = Long.parseLong(text((Map<?, ?>) detail.get("meta"), "versionId"));
        Appointment.Status status = Appointment.Status.valueOf(text(detail, "status").toUpperCase(Locale.ROOT));
        Appointment appointment = at(text(detail, "id"), patient, doctor, text(detail, "start"), text(detail, "end"), status,
                Instant.parse(text(detail, "created")), version, zone);
        Optional<Appointment> previous = Optional.empty();
        if (detail.get("previous") instanceof Map<?, ?> was) {
            Map<?, ?> practitioner = (Map<?, ?>) was.get("practitioner");
            String reference = (String) practitioner.get("reference");
            UserRef before = new UserRef(reference.substring(reference.indexOf('/') + 1), "", (String) practitioner.get("display"));
            previous = Optional.of(at(appointment.id(), patient, before, text(was, "start"), text(was, "end"),
                    Appointment.Status.BOOKED, appointment.createdAt(), version - 1, zone));
        }
        return new BookingEvent(type, appointment.withTrail(trail(detail)), previous, text(detail, "changedBy"),
                Instant.parse(text(detail, "occurredAt")));
    }

    /** The code system of {@code cancelationReason}'s coding: the clinic's own short list (docs/events.md). */
    public static final String REASON_SYSTEM = "urn:clinic:cancel-reason";

    /**
     * Issue 20: who booked, cancelled or moved it ({@code bookedBy}, {@code cancelledBy},
     * {@code rescheduledBy}: {@code {id, role}}) and why (FHIR's {@code cancelationReason}, a
     * CodeableConcept), each only when known.
     */
    private static void putTrail(Map<String, Object> detail, Appointment.Trail trail) {
        if (trail.cancelReason() != null) {
            Map<String, Object> reason = ordered("coding", List.of(ordered("system", REASON_SYSTEM,
                    "code", trail.cancelReason().code().wire())));
            trail.cancelReason().text().ifPresent(text -> reason.put("text", text));
            detail.put("cancelationReason", reason);
        }
        putActor(detail, "bookedBy", trail.bookedBy());
        putActor(detail, "cancelledBy", trail.cancelledBy());
        putActor(detail, "rescheduledBy", trail.rescheduledBy());
    }

    private static void putActor(Map<String, Object> detail, String name, Actor actor) {
        if (actor != null) {
            detail.put(name, ordered("id", actor.id(), "role", actor.roleWire()));
        }
    }

    private static Appointment.Trail trail(Map<String, Object> detail) {
        CancelReason reason = null;
        if (detail.get("cancelationReason") instanceof Map<?, ?> concept && concept.get("coding") instanceof List<?> coding
                && !coding.isEmpty() && coding.get(0) instanceof Map<?, ?> first) {
            CancelReason.Code code = CancelReason.Code.ofWire(String.valueOf(first.get("code"))).orElse(CancelReason.Code.OTHER);
            reason = new CancelReason(code, Optional.ofNullable(concept.get("text")).map(String::valueOf));
        }
        return new Appointment.Trail(actor(detail, "bookedBy"), actor(detail, "cancelledBy"), actor(detail, "rescheduledBy"), reason);
    }

    private static Actor actor(Map<String, Object> detail, String name) {
        if (detail.get(name) instanceof Map<?, ?> who && who.get("id") instanceof String id && who.get("role") instanceof String role) {
            return java.util.Arrays.stream(Role.values()).filter(r -> Actor.wire(r).equals(role)).findFirst()
                    .map(r -> new Actor(id, r)).orElse(null);
        }
        return null;
    }

    private static Appointment at(String id, UserRef patient, UserRef doctor, String start, String end, Appointment.Status status,
                                  Instant created, long version, ZoneId zone) {
        var from = Instant.parse(start).atZone(zone);
        var to = Instant.parse(end).atZone(zone);
        return new Appointment(id, patient, doctor, from.toLocalDate(),
                new TimeSlot(0, new TimeRange(from.toLocalTime(), to.toLocalTime())), status, created, version);
    }

    private static String text(Map<?, ?> map, String name) {
        if (map.get(name) instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException("An appointment event's detail has a string " + name);
    }

    private static Map<String, Object> participant(String kind, UserRef who) {
        return ordered("actor", reference(kind, who), "required", "required", "status", "accepted");
    }

    private static Map<String, Object> reference(String kind, UserRef who) {
        return ordered("reference", kind + "/" + who.id(), "display", who.name());
    }

    /** A map that keeps the order its keys are given in, so the JSON reads as docs/events.md shows it. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String instant(LocalDate date, LocalTime time, ZoneId zone) {
        return date.atTime(time).atZone(zone).toInstant().toString();
    }
}
