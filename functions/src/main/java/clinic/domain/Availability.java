package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A doctor's declared (date, time slot). Open means a patient may book it; held means it is offered
 * to one waiter until the hold's deadline, after which it counts as open again whether or not the
 * timer that passes it on has fired. {@code version} is the stored item's version this was read at
 * (0: not stored yet); every write of the item bumps it.
 */
public record Availability(
        String id, UserRef doctor, LocalDate date, TimeSlot slot, Status status, String appointmentId, long version,
        Optional<Hold> hold) {

    public Availability {
        hold = hold == null ? Optional.empty() : hold;
    }

    /** A new availability, not stored yet. */
    public Availability(String id, UserRef doctor, LocalDate date, TimeSlot slot, Status status, String appointmentId) {
        this(id, doctor, date, slot, status, appointmentId, 0, Optional.empty());
    }

    public Availability(String id, UserRef doctor, LocalDate date, TimeSlot slot, Status status, String appointmentId,
                        long version) {
        this(id, doctor, date, slot, status, appointmentId, version, Optional.empty());
    }

    public enum Status { OPEN, CLOSED, BOOKED, HELD }

    /**
     * Who the slot is offered to: the waiter (patient and entry), until when, the entries it was
     * already offered to since it opened (they declined or let it expire), so it passes down the
     * queue, and which occurrence of an offer holds it ({@link Offer#id}).
     */
    public record Hold(String patientId, String entryId, Instant until, Set<String> passed, String offerId) {
        public Hold {
            passed = Set.copyOf(passed);
        }

        /** A hold stored before offers had ids (its occurrence named by its deadline). */
        public Hold(String patientId, String entryId, Instant until, Set<String> passed) {
            this(patientId, entryId, until, passed, Offer.legacyId(until));
        }

        /** Whether this is the hold of that entry's occurrence of an offer (a later offer to the same entry is another). */
        public boolean isOffer(String entryId, String offerId) {
            return this.entryId.equals(entryId) && this.offerId.equals(offerId);
        }

        public boolean isLive(Instant now) {
            return now.isBefore(until);
        }
    }

    /** Open in the stored status alone; see {@link #isOpenAt} for what a patient may book. */
    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** Bookable by anyone at {@code now}: open, or held by an offer whose deadline has passed. */
    public boolean isOpenAt(Instant now) {
        return status == Status.OPEN || (status == Status.HELD && hold.map(h -> !h.isLive(now)).orElse(true));
    }

    /** Held for one waiter by an offer still open to acceptance. */
    public boolean isHeldAt(Instant now) {
        return status == Status.HELD && hold.map(h -> h.isLive(now)).orElse(false);
    }

    public boolean isBooked() {
        return status == Status.BOOKED;
    }

    public Availability with(Status newStatus, String newAppointmentId) {
        return new Availability(id, doctor, date, slot, newStatus, newAppointmentId, version, Optional.empty());
    }

    public boolean ownedBy(Caller caller) {
        return doctor.id().equals(caller.id());
    }
}
