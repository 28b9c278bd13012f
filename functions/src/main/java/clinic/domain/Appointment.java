package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A patient's booking of a doctor's slot. Cancelled ones stay as history. {@code version} is the
 * stored item's version this was read at (0: not stored yet); every change of the item is
 * conditioned on it, so "changed since it was read" is one condition. {@code statusHistory}: the
 * visit's status changes (arrived, fulfilled, noshow), oldest first; empty until the first
 * ({@link Visit}).
 */
public record Appointment(
        String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
        Instant createdAt, long version, Trail trail, List<Visit.Change> statusHistory) {

    public Appointment {
        trail = trail == null ? Trail.NONE : trail;
        statusHistory = List.copyOf(statusHistory);
    }

    /** An appointment whose visit has no recorded status yet. */
    public Appointment(String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
                       Instant createdAt, long version, Trail trail) {
        this(id, patient, doctor, date, slot, status, createdAt, version, trail, List.of());
    }

    /** An appointment with no record of who changed it (one stored before issue 20, or a sample). */
    public Appointment(String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
                       Instant createdAt, long version, List<Visit.Change> statusHistory) {
        this(id, patient, doctor, date, slot, status, createdAt, version, Trail.NONE, statusHistory);
    }

    /** A new appointment, not stored yet. */
    public Appointment(String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
                       Instant createdAt) {
        this(id, patient, doctor, date, slot, status, createdAt, 0);
    }

    /** An appointment with no record of who changed it (one stored before issue 20, or a sample). */
    public Appointment(String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
                       Instant createdAt, long version) {
        this(id, patient, doctor, date, slot, status, createdAt, version, Trail.NONE, List.of());
    }

    /**
     * Who booked it, who cancelled or last moved it, and why (issue 20); each null when not known
     * (nobody did it, or the appointment predates the record).
     */
    public record Trail(Actor bookedBy, Actor cancelledBy, Actor rescheduledBy, CancelReason cancelReason) {
        public static final Trail NONE = new Trail(null, null, null, null);

        public static Trail bookedBy(Actor actor) {
            return new Trail(actor, null, null, null);
        }

        public Trail cancelled(Actor by, java.util.Optional<CancelReason> reason) {
            return new Trail(bookedBy, by, rescheduledBy, reason.orElse(null));
        }

        public Trail rescheduled(Actor by, java.util.Optional<CancelReason> reason) {
            return new Trail(bookedBy, cancelledBy, by, reason.orElse(null));
        }
    }

    public Appointment withTrail(Trail newTrail) {
        return new Appointment(id, patient, doctor, date, slot, status, createdAt, version, newTrail, statusHistory);
    }

    /**
     * FHIR's {@code Appointment.status} values this service uses. BOOKED and CANCELLED are the
     * booking's; ARRIVED, FULFILLED and NOSHOW the visit's ({@link Visit} says which change to which).
     */
    public enum Status {
        BOOKED, CANCELLED, ARRIVED, FULFILLED, NOSHOW;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A status the visit records (POST /api/appointments/{id}/status). */
        public boolean isVisit() {
            return this == ARRIVED || this == FULFILLED || this == NOSHOW;
        }
    }

    public boolean isBooked() {
        return status == Status.BOOKED;
    }

    public boolean isCancelled() {
        return status == Status.CANCELLED;
    }

    /** Its visit has a recorded status: it is no longer cancelled or moved, and still holds its slot. */
    public boolean isVisitRecorded() {
        return status.isVisit();
    }

    /** Its patient, its doctor, staff and admins may see it; for anyone else it does not exist. */
    public boolean visibleTo(Caller caller) {
        return caller.is(Role.ADMIN) || caller.is(Role.STAFF) || patient.id().equals(caller.id()) || doctor.id().equals(caller.id());
    }

    public Appointment withStatus(Status newStatus) {
        return new Appointment(id, patient, doctor, date, slot, newStatus, createdAt, version, trail, statusHistory);
    }
}
