package clinic.store;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.TimeSlot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks a whole table's items against the contract's rules 1-4 and 8, for the offline
 * {@code ./dev audit} (which does the Scan; no request path ever does). Kept beside {@link Keys}
 * so the key formats stay written once. Rules 1, 2 and 4 are checked by slot id (the keys the
 * transactions condition on) and by clock time (date, start, end), and rule 8 ties the two: every
 * availability's times are its slot's, and no two slots overlap.
 */
public final class TableAudit {
    private TableAudit() {}

    public static List<String> breaches(Iterable<Map<String, AttributeValue>> items) {
        Map<Key, Availability> availabilities = new HashMap<>();
        Map<Key, Map<String, AttributeValue>> availabilityItems = new HashMap<>();
        List<Appointment> booked = new ArrayList<>();
        Map<Key, String> locks = new HashMap<>();
        Map<Integer, TimeSlot> slots = new TreeMap<>();
        WaitlistItems waitlist = new WaitlistItems(new HashMap<>(), new HashMap<>(), new HashMap<>());
        for (Map<String, AttributeValue> item : items) {
            Key key = Items.key(item);
            waitlist.collect(key, item);
            if (key.pk().equals(Keys.TIMESLOT_PARTITION) && key.sk().startsWith(Keys.TIMESLOT_PREFIX)) {
                TimeSlot slot = TimeSlotStore.slot(item);
                slots.put(slot.id(), slot);
            } else if (key.pk().startsWith("DOCTOR#") && key.sk().startsWith("SLOT#")) {
                availabilities.put(key, AvailabilityStore.availability(item));
                availabilityItems.put(key, item);
            } else if (key.pk().startsWith("APPT#") && key.sk().equals("APPT")) {
                Appointment appointment = AppointmentStore.appointment(item);
                if (appointment.isBooked()) {
                    booked.add(appointment);
                }
            } else if (key.pk().startsWith("PATIENT#") && key.sk().startsWith("SLOT#")) {
                locks.put(key, Schemas.PATIENT_LOCK.read(item));
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
            } else if (!availability.slot().range().equals(a.slot().range())) {
                breaches.add("rule 4: appointment " + a.id() + " is at " + a.slot().range() + " but its availability "
                        + availability.id() + " at " + availability.slot().range());
            }
        }
        overlapping(booked, a -> a.doctor().id(), (x, y) -> breaches.add("rule 1: doctor " + x.doctor().id()
                + " has booked appointments " + x.id() + " and " + y.id() + " at the same clock time on " + x.date()));
        overlapping(booked, a -> a.patient().id(), (x, y) -> breaches.add("rule 2: patient " + x.patient().id()
                + " holds " + x.id() + " and " + y.id() + " at the same clock time on " + x.date()));
        availabilities.values().forEach(availability -> {
            TimeSlot slot = slots.get(availability.slot().id());
            if (slot == null) {
                breaches.add("rule 8: availability " + availability.id() + " uses time slot " + availability.slot().id()
                        + ", which does not exist");
            } else if (!slot.range().equals(availability.slot().range())) {
                breaches.add("rule 8: availability " + availability.id() + " is at " + availability.slot().range()
                        + " but its time slot " + slot.id() + " at " + slot.range());
            }
        });
        List<TimeSlot> ordered = new ArrayList<>(slots.values());
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = i + 1; j < ordered.size(); j++) {
                if (ordered.get(i).range().overlaps(ordered.get(j).range())) {
                    breaches.add("rule 8: time slots " + ordered.get(i).id() + " and " + ordered.get(j).id() + " overlap");
                }
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
        waitlist.check(breaches);
        return breaches;
    }

    /**
     * The waitlist's three items per entry (the entry in its doctor's and date's queue, the
     * patient's claim, the id's pointer), which join and leave write and delete together.
     */
    private record WaitlistItems(Map<Key, Map<String, AttributeValue>> entries, Map<Key, Map<String, AttributeValue>> claims,
                                 Map<String, Key> pointers) {
        void collect(Key key, Map<String, AttributeValue> item) {
            if (key.pk().startsWith("WAITLIST#")) {
                entries.put(key, item);
            } else if (key.pk().startsWith("USER#") && key.sk().startsWith(Keys.WAITLIST_CLAIM_PREFIX)) {
                claims.put(key, item);
            } else if (key.pk().startsWith("WAITENTRY#")) {
                pointers.put(Items.str(item, Keys.PK).substring("WAITENTRY#".length()),
                        Schemas.WAITLIST_POINTER.read(item));
            }
        }

        void check(List<String> breaches) {
            Map<Key, Key> entryOfClaim = new HashMap<>();
            claims.forEach((claim, item) -> {
                var e = WaitlistStore.claim(item);
                entryOfClaim.put(claim, Keys.waitlistEntry(e.doctor().id(), e.date(), e.joinedAt(), e.id()));
            });
            entries.forEach((key, item) -> {
                var e = WaitlistStore.entry(item);
                Key claim = Keys.waitlistClaim(e.patient().id(), e.doctor().id(), e.date());
                if (!key.equals(entryOfClaim.get(claim))) {
                    breaches.add("waitlist: entry " + e.id() + " has no claim " + claim + " naming it");
                }
                if (!key.equals(pointers.get(e.id()))) {
                    breaches.add("waitlist: entry " + e.id() + " has no id pointer to it");
                }
            });
            entryOfClaim.forEach((claim, entry) -> {
                if (!entries.containsKey(entry)) {
                    breaches.add("waitlist: claim " + claim + " names no entry");
                }
            });
            pointers.forEach((id, entry) -> {
                if (!entries.containsKey(entry)) {
                    breaches.add("waitlist: id pointer " + id + " leads to no entry");
                }
            });
        }
    }

    /**
     * Each pair of booked appointments of one person on one date whose clock times overlap, where
     * their slot ids differ (the same slot id is already a breach by key).
     */
    private static void overlapping(List<Appointment> booked, Function<Appointment, String> person,
                                    BiConsumer<Appointment, Appointment> breach) {
        Map<String, List<Appointment>> byPersonAndDate = new HashMap<>();
        for (Appointment a : booked) {
            byPersonAndDate.computeIfAbsent(person.apply(a) + "#" + a.date(), k -> new ArrayList<>()).add(a);
        }
        for (List<Appointment> sameDay : byPersonAndDate.values()) {
            sameDay.sort(Comparator.comparing(Appointment::id));
            for (int i = 0; i < sameDay.size(); i++) {
                for (int j = i + 1; j < sameDay.size(); j++) {
                    Appointment x = sameDay.get(i);
                    Appointment y = sameDay.get(j);
                    if (x.slot().id() != y.slot().id() && x.slot().range().overlaps(y.slot().range())) {
                        breach.accept(x, y);
                    }
                }
            }
        }
    }
}
