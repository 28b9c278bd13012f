package clinic.store;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.Visit;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * availability's times are its slot's, and no two slots overlap. Each appointment's visit history
 * follows {@link Visit}'s table to its status, and each no-show is on its patient's record.
 */
public final class TableAudit {
    private TableAudit() {}

    /**
     * Issue 20: who changed an appointment agrees with what it is. A booked one names nobody who
     * cancelled it; a cancelled one with a recorded booker names who cancelled it (one from before
     * the record names neither); a reason goes with a cancel or a move.
     */
    static java.util.Optional<String> trailBreach(Appointment a) {
        Appointment.Trail trail = a.trail();
        if (!a.isCancelled() && trail.cancelledBy() != null) {
            return java.util.Optional.of("trail: booked appointment " + a.id() + " names " + trail.cancelledBy().id() + " as who cancelled it");
        }
        if (a.isCancelled() && trail.bookedBy() != null && trail.cancelledBy() == null) {
            return java.util.Optional.of("trail: cancelled appointment " + a.id() + " names who booked it but not who cancelled it");
        }
        if (trail.cancelReason() != null && trail.cancelledBy() == null && trail.rescheduledBy() == null) {
            return java.util.Optional.of("trail: appointment " + a.id() + " has a reason but nobody who cancelled or moved it");
        }
        return java.util.Optional.empty();
    }

    /**
     * The visit (docs/decisions.md, "The visit"): an appointment's status_history is a path of
     * {@link Visit#NEXT} from booked, and its status is the path's end (booked or cancelled: no history).
     */
    private static java.util.Optional<String> visitBreach(Appointment appointment) {
        Appointment.Status at = Appointment.Status.BOOKED;
        for (Visit.Change change : appointment.statusHistory()) {
            if (!Visit.NEXT.get(at).contains(change.status())) {
                return java.util.Optional.of("the visit: appointment " + appointment.id() + " went from " + at.wire() + " to "
                        + change.status().wire());
            }
            at = change.status();
        }
        boolean ends = appointment.isCancelled() ? at == Appointment.Status.BOOKED : at == appointment.status();
        return ends ? java.util.Optional.empty() : java.util.Optional.of("the visit: appointment " + appointment.id() + " is "
                + appointment.status().wire() + " but its history ends at " + at.wire());
    }

    public static List<String> breaches(Iterable<Map<String, AttributeValue>> items) {
        return breaches(items, Instant.now(), ZoneOffset.UTC);
    }

    /**
     * As {@link #breaches(Iterable)}, with the rules of waitlist offers (5-7) judged at {@code now}:
     * a hold whose deadline passed is open, whether or not its timer has run yet; {@code zone} is the
     * clinic's, where the slots' start times are.
     */
    public static List<String> breaches(Iterable<Map<String, AttributeValue>> items, Instant now, ZoneId zone) {
        Map<Key, Availability> availabilities = new HashMap<>();
        Map<Key, Map<String, AttributeValue>> availabilityItems = new HashMap<>();
        List<Appointment> booked = new ArrayList<>();
        List<Appointment> trails = new ArrayList<>();
        List<String> visits = new ArrayList<>();
        Map<String, String> noShows = new HashMap<>();
        Map<String, String> noShowRecords = new HashMap<>();
        Map<Key, String> locks = new HashMap<>();
        Map<Key, Schemas.OfferLock> offerLocks = new HashMap<>();
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
                trails.add(appointment);
                visitBreach(appointment).ifPresent(visits::add);
                if (appointment.status() == Appointment.Status.NOSHOW) {
                    noShows.put(appointment.id(), appointment.patient().id());
                }
                // Arrived, fulfilled and noshow ones still hold their slot and the patient's half hour.
                if (!appointment.isCancelled()) {
                    booked.add(appointment);
                }
            } else if (key.pk().startsWith("USER#") && key.sk().equals("UPCOMING")) {
                String patient = key.pk().substring("USER#".length());
                Schemas.UPCOMING.read(item).noShows().keySet().forEach(id -> noShowRecords.put(id, patient));
            } else if (key.pk().startsWith("PATIENT#") && key.sk().startsWith("SLOT#")) {
                if (Schemas.OFFER_LOCK.holds(item)) {
                    offerLocks.put(key, Schemas.OFFER_LOCK.read(item));
                } else {
                    locks.put(key, Schemas.PATIENT_LOCK.read(item));
                }
            }
        }
        List<String> breaches = new ArrayList<>(visits);
        if (!noShows.equals(noShowRecords)) {
            breaches.add("the visit: no-shows " + new TreeMap<>(noShows) + " but the patients' no-show records say "
                    + new TreeMap<>(noShowRecords));
        }
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
            // Held ones stay in the index: the list drops a live hold and shows an expired one (rule 7).
            boolean openOrHeld = availability.isOpen() || availability.status() == Availability.Status.HELD;
            if (openOrHeld != indexedOpen) {
                breaches.add("rule 7: availability " + availability.id() + " is " + availability.status()
                        + " but " + (indexedOpen ? "is" : "is not") + " in the open-slot index");
            }
            if (openOrHeld && holderOfSlot.containsKey(key)) {
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
        trails.forEach(a -> trailBreach(a).ifPresent(breaches::add));
        offers(availabilities, availabilityItems, waitlist, offerLocks, booked, now, zone, breaches);
        return breaches;
    }

    /**
     * Rules 5 and 6. Rule 5: a held availability has one live offer (its {@code held_entry}), to a
     * waiter of that doctor and date whose entry, claim and lock name the same slot and deadline, no
     * later than the slot's start; every entry's live offer is such a hold. Rule 6: a patient's live
     * offers and booked appointments never share a half hour (by slot id the lock item is one per
     * patient and slot; by clock time, checked here).
     */
    private static void offers(Map<Key, Availability> availabilities, Map<Key, Map<String, AttributeValue>> availabilityItems,
                               WaitlistItems waitlist, Map<Key, Schemas.OfferLock> offerLocks,
                               List<Appointment> booked, Instant now, ZoneId zone, List<String> breaches) {
        Map<String, Map<String, AttributeValue>> entryById = new HashMap<>();
        waitlist.entries().values().forEach(item -> entryById.put(WaitlistStore.entry(item).id(), item));
        record Busy(TimeRange range, String what) {}
        Map<String, List<Busy>> busyAt = new HashMap<>();
        for (Appointment a : booked) {
            busyAt.computeIfAbsent(a.patient().id() + "#" + a.date(), k -> new ArrayList<>())
                    .add(new Busy(a.slot().range(), "appointment " + a.id()));
        }
        Map<String, Key> heldByEntry = new HashMap<>();
        availabilities.forEach((key, availability) -> {
            if (availability.status() != Availability.Status.HELD) {
                return;
            }
            String heldEntrySk = Schemas.AVAILABILITY.heldEntrySk.get(availabilityItems.get(key));
            if (availability.hold().isEmpty() || heldEntrySk == null) {
                breaches.add("rule 5: availability " + availability.id() + " is held by no offer");
                return;
            }
            Availability.Hold hold = availability.hold().get();
            if (!hold.isLive(now)) {
                return; // expired: open, whatever its timer has done yet
            }
            heldByEntry.put(hold.entryId(), key);
            Instant start = availability.date().atTime(availability.slot().start()).atZone(zone).toInstant();
            if (hold.until().isAfter(start)) {
                breaches.add("rule 5: availability " + availability.id() + " is held until " + hold.until()
                        + ", after its start " + start);
            }
            Map<String, AttributeValue> entry = entryById.get(hold.entryId());
            Key entryKey = new Key(Keys.waitlistPartition(availability.doctor().id(), availability.date()), heldEntrySk);
            if (entry == null || !waitlist.entries().containsKey(entryKey)) {
                breaches.add("rule 5: availability " + availability.id() + " is held for entry " + hold.entryId()
                        + ", which is not on its doctor's waitlist for that date");
            } else if (!offerMatches(entry, availability, hold)
                    || !hold.patientId().equals(WaitlistStore.entry(entry).patient().id())) {
                breaches.add("rule 5: availability " + availability.id() + " is held for entry " + hold.entryId()
                        + ", whose offer is not that slot until that deadline, that occurrence");
            } else {
                Key claim = Keys.waitlistClaim(hold.patientId(), availability.doctor().id(), availability.date());
                Map<String, AttributeValue> claimItem = waitlist.claims().get(claim);
                if (claimItem == null || !offerMatches(claimItem, availability, hold)) {
                    breaches.add("rule 5: the claim of entry " + hold.entryId() + " does not carry its offer");
                }
            }
            Key lock = Keys.patientLock(hold.patientId(), availability.date(), availability.slot().id());
            Schemas.OfferLock offerLock = offerLocks.get(lock);
            if (offerLock == null || !hold.entryId().equals(offerLock.entryId()) || !offerLock.until().equals(hold.until())
                    || !offerLock.offerId().equals(hold.offerId())) {
                breaches.add("rule 6: the offer of availability " + availability.id() + " has no lock " + lock + " naming it");
            }
            String patientDay = hold.patientId() + "#" + availability.date();
            for (Busy other : busyAt.getOrDefault(patientDay, List.of())) {
                if (other.range().overlaps(availability.slot().range())) {
                    breaches.add("rule 6: patient " + hold.patientId() + " holds an offer of availability " + availability.id()
                            + " and " + other.what() + " at the same time");
                }
            }
            busyAt.computeIfAbsent(patientDay, k -> new ArrayList<>())
                    .add(new Busy(availability.slot().range(), "an offer of availability " + availability.id()));
        });
        entryById.forEach((id, entry) -> {
            Instant until = Schemas.WAITLIST_ENTRY.offerUntil.get(entry);
            if (until != null && until.isAfter(now) && !heldByEntry.containsKey(id)) {
                breaches.add("rule 5: entry " + id + " holds a live offer that no availability holds for it");
            }
        });
        offerLocks.forEach((key, lock) -> {
            if (lock.until().isAfter(now) && !heldByEntry.containsKey(lock.entryId())) {
                breaches.add("rule 6: lock " + key + " names a live offer that no availability holds");
            }
        });
    }

    /**
     * The entry's or claim's offer is that slot until that deadline (as conditions compare it: {@code
     * offer_until}), and that occurrence of an offer (issue 18).
     */
    private static boolean offerMatches(Map<String, AttributeValue> item, Availability availability, Availability.Hold hold) {
        Integer slot = Schemas.WAITLIST_ENTRY.offerSlot.get(item);
        Instant until = Schemas.WAITLIST_ENTRY.offerUntil.get(item);
        return slot != null && until != null && slot == availability.slot().id() && until.equals(hold.until())
                && Schemas.WAITLIST_ENTRY.offerId.find(item).orElse(clinic.domain.Offer.legacyId(until)).equals(hold.offerId());
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
