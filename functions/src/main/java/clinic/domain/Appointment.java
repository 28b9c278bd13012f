package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A patient's booking of a doctor's slot. Cancelled ones stay as history. {@code version} counts
 * its committed changes (1 when booked); each change's event is named by it.
 */
public record Appointment(
        String id, UserRef patient, UserRef doctor, LocalDate date, TimeSlot slot, Status status,
        Instant createdAt, long version) {

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

    /** The appointment as the next committed change leaves it: same fields, next version. */
    public Appointment nextVersion() {
        return new Appointment(id, patient, doctor, date, slot, status, createdAt, version + 1);
    }
}
