package clinic.domain;

import java.time.LocalDate;

/** A doctor's declared (date, time slot). Open means a patient may book it. */
public record Availability(
        String id, UserRef doctor, LocalDate date, TimeSlot slot, Status status, String appointmentId) {

    public enum Status { OPEN, CLOSED, BOOKED }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public boolean isBooked() {
        return status == Status.BOOKED;
    }

    public Availability with(Status newStatus, String newAppointmentId) {
        return new Availability(id, doctor, date, slot, newStatus, newAppointmentId);
    }

    public boolean ownedBy(Caller caller) {
        return doctor.id().equals(caller.id());
    }
}
