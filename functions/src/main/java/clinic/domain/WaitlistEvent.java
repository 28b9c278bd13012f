package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An offer made to a waiter, or an offer that ended without an appointment (declined, past its
 * deadline, or given up when the waiter left), as the clinic's other systems learn of it. An accepted
 * offer is announced as the {@code appointment.booked} of the appointment it made. The id names one
 * occurrence of an offer (its entry and {@link Offer#id}), so a redelivery has the same id and a new
 * offer of the same slot, with the same deadline, to the same waiter has another.
 */
public record WaitlistEvent(Type type, WaitlistEntry entry, TimeSlot slot, Instant deadline, String offerId,
                            String reason, Instant occurredAt) {

    /** Where waitlist events come from, on the bus. */
    public static final String SOURCE = "clinic.waitlist";

    public enum Type {
        OFFERED, EXPIRED;

        /** {@code waitlist.offered}, {@code waitlist.expired}: the event's detail-type. */
        public String wire() {
            return "waitlist." + name().toLowerCase(Locale.ROOT);
        }
    }

    public static WaitlistEvent offered(WaitlistEntry entry, TimeSlot slot, Instant deadline, String offerId, Instant at) {
        return new WaitlistEvent(Type.OFFERED, entry, slot, deadline, offerId, null, at);
    }

    /** {@code reason}: {@code declined}, {@code deadline} or {@code left}. */
    public static WaitlistEvent expired(WaitlistEntry entry, TimeSlot slot, Instant deadline, String offerId, String reason,
                                        Instant at) {
        return new WaitlistEvent(Type.EXPIRED, entry, slot, deadline, offerId, reason, at);
    }

    /** An offer stored before offers had ids: its occurrence is its deadline, as the ids were then. */
    public static WaitlistEvent offered(WaitlistEntry entry, TimeSlot slot, Instant deadline, Instant at) {
        return offered(entry, slot, deadline, Offer.legacyId(deadline), at);
    }

    public static WaitlistEvent expired(WaitlistEntry entry, TimeSlot slot, Instant deadline, String reason, Instant at) {
        return expired(entry, slot, deadline, Offer.legacyId(deadline), reason, at);
    }

    /** {@code offer-<entry>-<offer id>}, {@code offer-end-<entry>-<offer id>}: one per occurrence of an offer. */
    public String id() {
        return (type == Type.OFFERED ? "offer-" : "offer-end-") + entry.id() + "-" + offerId;
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
        detail.put("offer", offerId);
        if (reason != null) {
            detail.put("reason", reason);
        }
        return detail;
    }

    /**
     * A waitlist event as a subscriber reads it back from its {@link #detail}: the ids and names it
     * carries (no username: the detail has none), the slot's times in the clinic's {@code zone}.
     */
    public record Received(String id, Type type, String entryId, UserRef patient, UserRef doctor, LocalDate date,
                           TimeSlot slot, Instant deadline, String reason, Instant occurredAt) {}

    /** Whether a bus event's detail is a waitlist event's. */
    public static boolean isOne(Map<?, ?> detail) {
        Object type = detail.get("type");
        return Type.OFFERED.wire().equals(type) || Type.EXPIRED.wire().equals(type);
    }

    public static Received fromDetail(Map<?, ?> detail, ZoneId zone) {
        Type type = Type.OFFERED.wire().equals(detail.get("type")) ? Type.OFFERED : Type.EXPIRED;
        TimeSlot slot = new TimeSlot(((Number) detail.get("timeSlot")).intValue(), new TimeRange(
                Instant.parse((String) detail.get("start")).atZone(zone).toLocalTime(),
                Instant.parse((String) detail.get("end")).atZone(zone).toLocalTime()));
        return new Received((String) detail.get("eventId"), type, (String) detail.get("entry"),
                personOf(detail.get("patient")), personOf(detail.get("doctor")), LocalDate.parse((String) detail.get("date")),
                slot, Instant.parse((String) detail.get("deadline")), (String) detail.get("reason"),
                Instant.parse((String) detail.get("occurredAt")));
    }

    private static UserRef personOf(Object person) {
        Map<?, ?> map = (Map<?, ?>) person;
        return new UserRef((String) map.get("id"), null, (String) map.get("name"));
    }

    private static Map<String, Object> person(UserRef who) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("id", who.id());
        person.put("name", who.name());
        return person;
    }
}
