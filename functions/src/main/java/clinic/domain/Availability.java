package clinic.domain;

import java.time.LocalDate;

/**
 * A doctor's declared (date, time slot). Open means a patient may book it. {@code version} is the
 * stored item's version this was read at (0: not stored yet); every write of the item bumps it.
 */
public record Availability(
        String id, UserRef doctor, LocalDate date, TimeSlot slot, Status status, String appointmentId, long version) {

    /** A new availability, not stored yet. */
    public Availability(String id, UserRef doctor, LocalDate date, TimeSlot slot, Status status, String appointmentId) {
        this(id, doctor, date, slot, status, appointmentId, 0);
    }

    public enum Status { OPEN, CLOSED, BOOKED }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public boolean isBooked() {
        return status == Status.BOOKED;
    }

    public Availability with(Status newStatus, String newAppointmentId) {
        return new Availability(id, doctor, date, slot, newStatus, newAppointmentId, version);
    }

    public boolean ownedBy(Caller caller) {
        return doctor.id().equals(caller.id());
    }
}
