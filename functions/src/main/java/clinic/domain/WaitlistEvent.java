package clinic.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An offer made to a waiter, or an offer that ended without an appointment (declined, past its
 * deadline, or given up when the waiter left), as the clinic's other systems learn of it. An accepted
 * offer is announced as the {@code appointment.booked} of the appointment it made. The id names one
 * offer (its entry and deadline), so a redelivery has the same id.
 */
public record WaitlistEvent(Type type, WaitlistEntry entry, TimeSlot slot, Instant deadline, String reason,
                            Instant occurredAt) {

    /** Where waitlist events come from, on the bus. */
    public static final String SOURCE = "clinic.waitlist";

    public enum Type {
        OFFERED, EXPIRED;

        /** {@code waitlist.offered}, {@code waitlist.expired}: the event's detail-type. */
        public String wire() {
            return "waitlist." + name().toLowerCase(Locale.ROOT);
        }
    }

    public static WaitlistEvent offered(WaitlistEntry entry, TimeSlot slot, Instant deadline, Instant at) {
        return new WaitlistEvent(Type.OFFERED, entry, slot, deadline, null, at);
    }

    /** {@code reason}: {@code declined}, {@code deadline} or {@code left}. */
    public static WaitlistEvent expired(WaitlistEntry entry, TimeSlot slot, Instant deadline, String reason, Instant at) {
        return new WaitlistEvent(Type.EXPIRED, entry, slot, deadline, reason, at);
    }

    public String id() {
        return (type == Type.OFFERED ? "offer-" : "offer-end-") + entry.id() + "-" + deadline.toEpochMilli();
    }

    public Map<String, Object> detail(ZoneId zone) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", type.wire());
        detail.put("eventId", id());
        detail.put("occurredAt", occurredAt.toString());
        detail.put("entry", entry.id());
        detail.put("patient", person(entry.patient()));
        detail.put("doctor", person(entry.doctor()));
        detail.put("date", entry.date().toString());
        detail.put("timeSlot", slot.id());
        detail.put("start", entry.date().atTime(slot.start()).atZone(zone).toInstant().toString());
        detail.put("end", entry.date().atTime(slot.end()).atZone(zone).toInstant().toString());
        detail.put("deadline", deadline.toString());
        if (reason != null) {
            detail.put("reason", reason);
        }
        return detail;
    }

    private static Map<String, Object> person(UserRef who) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("id", who.id());
        person.put("name", who.name());
        return person;
    }
}
