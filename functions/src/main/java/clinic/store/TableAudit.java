package clinic.store;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks a whole table's items against the contract's four rules, for the offline
 * {@code ./dev audit} (which does the Scan; no request path ever does). Kept beside {@link Keys}
 * so the key formats stay written once.
 */
public final class TableAudit {
    private TableAudit() {}

    public static List<String> breaches(Iterable<Map<String, AttributeValue>> items) {
        Map<Key, Availability> availabilities = new HashMap<>();
        Map<Key, Map<String, AttributeValue>> availabilityItems = new HashMap<>();
        List<Appointment> booked = new ArrayList<>();
        Map<Key, String> locks = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            Key key = new Key(Items.str(item, Keys.PK), Items.str(item, Keys.SK));
            if (key.pk().startsWith("DOCTOR#") && key.sk().startsWith("SLOT#")) {
                availabilities.put(key, AvailabilityStore.availability(item));
                availabilityItems.put(key, item);
            } else if (key.pk().startsWith("APPT#") && key.sk().equals("APPT")) {
                Appointment appointment = AppointmentStore.appointment(item);
                if (appointment.isBooked()) {
                    booked.add(appointment);
                }
            } else if (key.pk().startsWith("PATIENT#") && key.sk().startsWith("SLOT#")) {
                locks.put(key, Items.str(item, "appointment"));
            }
        }
        List<String> breaches = new ArrayList<>();
        Map<Key, String> holderOfSlot = new HashMap<>();
        Map<Key, String> holderOfPatientSlot = new HashMap<>();
        for (Appointment a : booked) {
            Key slot = Keys.availability(a.doctor().id(), a.date(), a.slot().id());
            String other = holderOfSlot.put(slot, a.id());
            if (other != null) {
                breaches.add("rule 1: appointments " + other + " and " + a.id() + " both hold " + slot);
            }
            Key patientSlot = Keys.patientLock(a.patient().id(), a.date(), a.slot().id());
            String mine = holderOfPatientSlot.put(patientSlot, a.id());
            if (mine != null) {
                breaches.add("rule 2: patient " + a.patient().id() + " holds " + mine + " and " + a.id() + " at " + a.date() + " slot " + a.slot().id());
            }
            if (!a.id().equals(locks.get(patientSlot))) {
                breaches.add("rule 2: appointment " + a.id() + " has no patient lock " + patientSlot);
            }
            Availability availability = availabilities.get(slot);
            if (availability == null || !availability.isBooked() || !a.id().equals(availability.appointmentId())) {
                breaches.add("rule 4: appointment " + a.id() + " is not held by its availability " + slot
                        + (availability == null ? " (missing)" : " (" + availability.status() + ", " + availability.appointmentId() + ")"));
            }
        }
        availabilities.forEach((key, availability) -> {
            boolean indexedOpen = availabilityItems.get(key).containsKey(Keys.OPEN_PK);
            if (availability.isOpen() != indexedOpen) {
                breaches.add("rule 3: availability " + availability.id() + " is " + availability.status()
                        + " but " + (indexedOpen ? "is" : "is not") + " in the open-slot index");
            }
            if (availability.isOpen() && holderOfSlot.containsKey(key)) {
                breaches.add("rule 3: availability " + availability.id() + " is listed open while appointment "
                        + holderOfSlot.get(key) + " holds it");
            }
            if (availability.isBooked() && !Objects.equals(holderOfSlot.get(key), availability.appointmentId())) {
                breaches.add("rule 3: availability " + availability.id() + " is booked by " + availability.appointmentId()
                        + ", which is not a booked appointment of that slot");
            }
        });
        locks.forEach((key, appointment) -> {
            if (!Objects.equals(holderOfPatientSlot.get(key), appointment)) {
                breaches.add("rule 2: patient lock " + key + " names " + appointment + ", which does not hold it");
            }
        });
        return breaches;
    }
}
