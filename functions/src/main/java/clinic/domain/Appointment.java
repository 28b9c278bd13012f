package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A patient's booking of a doctor's slot. Cancelled ones stay as history. {@code version} is the
 * stored item's version this was read at (0: not stored yet); every change of the item is
 * conditioned on it, so "changed since it was read" is one condition.
 */
public record Appointment(
        String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
        Instant createdAt, long version) {

    /** A new appointment, not stored yet. */
    public Appointment(String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
                       Instant createdAt) {
        this(id, patient, doctor, date, slot, status, createdAt, 0);
    }

    public enum Status {
        BOOKED, CANCELLED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean isBooked() {
        return status == Status.BOOKED;
    }

    /** Its patient, its doctor and admins may see it; for anyone else it does not exist. */
    public boolean visibleTo(Caller caller) {
        return caller.is(Role.ADMIN) || patient.id().equals(caller.id()) || doctor.id().equals(caller.id());
    }

    public Appointment withStatus(Status newStatus) {
        return new Appointment(id, patient, doctor, date, slot, newStatus, createdAt, version);
    }
}
