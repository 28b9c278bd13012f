package clinic.store;

import clinic.domain.Appointment.Status;
import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.BookingPolicy;
import clinic.domain.Conflicts;
import clinic.domain.NameWords;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.SlotLifecycle;
import clinic.domain.SlotLifecycle.Item;
import clinic.domain.SlotLifecycle.Next;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.StaleRead;
import clinic.domain.UpcomingBookings;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.domain.Visit;
import clinic.store.Tx.Condition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Appointments and their writes. Booking, cancelling and rescheduling are each one
 * TransactWriteItems whose conditions are the guards of the lifecycle's transitions (the
 * contract's rules: the availability must be open (rule 1), the patient's lock for that date and
 * slot free (rule 2), and the availability and appointment change together (rules 3 and 4)).
 */
public final class AppointmentStore {
    private static final Pattern WHEN = Pattern.compile("\\d{4}-\\d{2}-\\d{2}#\\d{4}#[0-9a-f-]{36}");

    private final Table table;

    public AppointmentStore(Table table) {
        this.table = table;
    }

    /** An {@code Idempotency-Key} remembered with the response it produced. */
    public record Idempotency(String callerId, String key, String fingerprint, Appointment appointment, Instant expiresAt) {
        /**
         * Whether it still answers for its key. DynamoDB's TTL deletes an expired record up to days
         * late, so the expiry is read, not left to the TTL.
         */
        public boolean isLiveAt(Instant now) {
            return expiresAt.isAfter(now);
        }
    }

    /** Which appointments a list reads: the caller's index partition, or the clinic's month partitions. */
    public record Listing(String index, String partitionAttribute, Optional<String> partition) {
        public static Listing ofPatient(String patientId) {
            return new Listing(Keys.BY_PATIENT, Keys.PATIENT_PK, Optional.of(patientId));
        }

        public static Listing ofDoctor(String doctorId) {
            return new Listing(Keys.BY_DOCTOR, Keys.DOCTOR_PK, Optional.of(doctorId));
        }

        /** Every appointment: one partition per month, so the window ({@code from}, {@code to}) must be given. */
        public static Listing all() {
            return new Listing(Keys.BY_DATE, Keys.ALL_PK, Optional.empty());
        }

        public boolean isClinicWide() {
            return partition.isEmpty();
        }
    }

    /** Whose name-search entries a search reads: a patient's own, a doctor's own, or the clinic's. */
    public record SearchScope(String name) {
        public static SearchScope ofPatient(String patientId) {
            return new SearchScope(Keys.patientScope(patientId));
        }

        public static SearchScope ofDoctor(String doctorId) {
            return new SearchScope(Keys.doctorScope(doctorId));
        }

        public static SearchScope clinic() {
            return new SearchScope(Keys.CLINIC_SCOPE);
        }
    }

    /**
     * Books in one transaction, as {@code booking} (the lifecycle's BOOK) guards it. {@code started} names the patient's bookings whose time has come,
     * dropped from the upcoming-bookings item in the same write; {@code event}
     * announces the booking from the same transaction (the outbox). A lost idempotency race is a
     * {@link StaleRead}: read again, and the replay is there.
     */
    public void book(Appointment appointment, Optional<Idempotency> idempotency, List<String> started,
                     Outbox.Event event, Transition booking) {
        Instant now = appointment.createdAt();
        Tx tx = table.transaction();
        // First, so that a replay is recognised even when the slot it booked is now taken. An expired
        // record the TTL has not deleted yet is replaced; one written meanwhile is read again (the replay).
        idempotency.ifPresent(record -> tx.put(idempotencyItem(record), absentOrExpired(now).orReread()));
        tx.update(availabilityKey(appointment), BOOK, bookValues(appointment), Guards.on(booking, Item.SLOT));
        OfferStore.leaveToAnnounce(tx, booking, appointment.doctor().id(), appointment.date(), appointment.slot().id());
        bookedSide(tx, appointment, booking, started);
        Outbox.add(tx, event);
        table.transact(tx);
    }

    /**
     * The booked appointment's own items, as {@code booking} (BOOK or ACCEPT) guards them: the
     * patient's lock at that date and slot (rule 2), the appointment, its search entries and its
     * upcoming-bookings entry.
     */
    static void bookedSide(Tx tx, Appointment appointment, Transition booking) {
        bookedSide(tx, appointment, booking, List.of());
    }

    private static void bookedSide(Tx tx, Appointment appointment, Transition booking, List<String> started) {
        tx.put(lockItem(appointment), Guards.on(booking, Item.LOCK));
        tx.put(item(appointment), Guards.on(booking, Item.APPOINTMENT));
        searchEntries(appointment).values().forEach(tx::put);
        upcomingEntry(tx, appointment, started);
    }

    /**
     * Writes booked appointments in bulk, without conditions: each one's item, search entries and
     * patient lock, and its availability as booked, all at version 1 like a first write. For loading
     * test and benchmark data only, into (doctor, date, slot)s and patients' (date, slot)s nobody else
     * uses, for patients who do not book: their upcoming-bookings items (the booking cap) are not written.
     */
    public void bulkLoad(List<Appointment> appointments) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Appointment appointment : appointments) {
            items.add(item(appointment));
            items.add(lockItem(appointment));
            items.addAll(searchEntries(appointment).values());
            Availability held = new Availability(UUID.randomUUID().toString(), appointment.doctor(), appointment.date(),
                    appointment.slot(), Availability.Status.BOOKED, appointment.id());
            items.add(AvailabilityStore.item(held));
            items.add(AvailabilityStore.pointer(held));
        }
        table.putAll(items);
    }

    /**
     * One TransactWriteItems whose only item is a condition on an item that never exists, so it
     * is always cancelled and writes nothing: loads the write path's classes before a snapshot.
     */
    public void primeTransactions() {
        Tx tx = table.transaction();
        tx.check(new Key("PRIMING", "PRIMING"), Condition.when("attribute_exists(#PK)").orRefuse(Conflicts::slotUnavailable));
        try {
            table.transact(tx);
        } catch (Problem.Conflict expected) {
            // the condition always fails; that was the point
        }
    }

    /**
     * Cancels a booked appointment and reopens its slot, atomically, as {@code release} (the
     * lifecycle's RELEASE) guards it: if the appointment changed since it was read
     * ({@link StaleRead}), the caller reads it again and decides again. With RELEASE_CLOSED (a
     * doctor's time off), or RELEASE found the date in a time off, the slot closes instead, and
     * {@code offer} must be empty.
     */
    public void cancel(Appointment appointment, Outbox.Event event, Optional<OfferStore.OfferPlan> offer, Transition release,
                       Optional<BookingPolicy.CutoffGuard> cutoff) {
        if (release.next() == Next.CLOSED && offer.isPresent()) {
            throw new IllegalArgumentException("a slot that closes with its cancel is offered to no one");
        }
        Tx tx = table.transaction();
        // First: past the cutoff, nothing else about the cancel matters.
        cutoff.ifPresent(guard -> PolicyStore.guardCutoff(tx, appointment.doctor().id(), guard));
        StringBuilder set = new StringBuilder("SET #status = :cancelled, #version = :nextVersion");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":cancelled", Schemas.APPOINTMENT.status.value(Status.CANCELLED),
                ":nextVersion", Schemas.APPOINTMENT.version.value(appointment.version() + 1)));
        // Who cancelled it and why (issue 20): the trail as the cancel leaves it; a reason it lacks is removed.
        Schemas.APPOINTMENT.cancelledTrail(appointment.trail()).forEach((name, value) -> {
            set.append(", #").append(name).append(" = :").append(name);
            values.put(":" + name, value);
        });
        tx.update(Keys.appointment(appointment.id()), set + removing(Schemas.APPOINTMENT.rescheduledRemovals(appointment)),
                values, Guards.on(release, Item.APPOINTMENT));
        if (release.next() == Next.CLOSED) {
            closeSlot(tx, appointment, Guards.on(release, Item.SLOT)); // RELEASE_CLOSED, or RELEASE on a date of time off
        } else {
            reopen(tx, appointment, offer, Guards.on(release, Item.SLOT));
        }
        WorkingHoursStore.guardDay(tx, release, appointment.doctor().id(), appointment.date());
        tx.delete(Keys.patientLock(appointment.patient().id(), appointment.date(), appointment.slot().id()));
        searchEntries(appointment).keySet().forEach(tx::delete);
        tx.update(Keys.upcoming(appointment.patient().id()), "REMOVE #" + Keys.upcomingEntry(appointment.id()), Map.of());
        Outbox.add(tx, event);
        offer.ifPresent(plan -> OfferStore.offer(tx, plan, appointment.date()));
        table.transact(tx);
    }

    /**
     * Moves a booked appointment to another availability: the old one reopens ({@code release}: the
     * lifecycle's MOVE_AWAY) and the new one is taken ({@code booking}: BOOK), or nothing changes.
     * Lost races are 409s: {@code NOT_BOOKED} if it was cancelled meanwhile, {@code CHANGED} if it
     * was otherwise changed, {@code SLOT_UNAVAILABLE}, {@code PATIENT_BUSY}.
     */
    public void reschedule(Appointment from, Appointment to, Outbox.Event event, Optional<OfferStore.OfferPlan> offer,
                           Transition release, Transition booking, Optional<BookingPolicy.CutoffGuard> cutoff) {
        if (release.next() == Next.CLOSED && offer.isPresent()) {
            throw new IllegalArgumentException("a slot that closes as its appointment moves away is offered to no one");
        }
        Tx tx = table.transaction();
        // First, as for a cancel: the appointment it leaves is past its doctor's cutoff.
        cutoff.ifPresent(guard -> PolicyStore.guardCutoff(tx, from.doctor().id(), guard));
        StringBuilder set = new StringBuilder("SET ");
        Map<String, AttributeValue> expressionValues = new HashMap<>();
        Schemas.APPOINTMENT.rescheduled(to).forEach((name, value) -> {
            set.append('#').append(name).append(" = :").append(name).append(", ");
            expressionValues.put(":" + name, value);
        });
        set.append("#").append(Schemas.APPOINTMENT.version.name()).append(" = :nextVersion");
        expressionValues.put(":nextVersion", Schemas.APPOINTMENT.version.value(from.version() + 1));
        set.append(removing(Schemas.APPOINTMENT.rescheduledRemovals(to)));
        tx.update(Keys.appointment(from.id()), set.toString(), expressionValues, Guards.on(release, Item.APPOINTMENT));
        if (release.next() == Next.CLOSED) {
            closeSlot(tx, from, Guards.on(release, Item.SLOT)); // MOVE_AWAY from a date of time off
        } else {
            reopen(tx, from, offer, Guards.on(release, Item.SLOT));
        }
        WorkingHoursStore.guardDay(tx, release, from.doctor().id(), from.date());
        tx.update(availabilityKey(to), BOOK, bookValues(to), Guards.on(booking, Item.SLOT));
        OfferStore.leaveToAnnounce(tx, booking, to.doctor().id(), to.date(), to.slot().id());
        Key oldLock = Keys.patientLock(from.patient().id(), from.date(), from.slot().id());
        Key newLock = Keys.patientLock(to.patient().id(), to.date(), to.slot().id());
        if (!oldLock.equals(newLock)) {
            tx.delete(oldLock);
            tx.put(lockItem(to), Guards.on(booking, Item.LOCK));
        }
        // One operation per item: entries kept are overwritten, the others deleted.
        Map<Key, Map<String, AttributeValue>> newEntries = searchEntries(to);
        searchEntries(from).keySet().stream().filter(key -> !newEntries.containsKey(key)).forEach(tx::delete);
        newEntries.values().forEach(tx::put);
        upcomingEntry(tx, to, List.of());
        Outbox.add(tx, event);
        offer.ifPresent(plan -> OfferStore.offer(tx, plan, from.date()));
        table.transact(tx);
    }

    /** A REMOVE clause for the trail attributes a change leaves without a value (issue 20), or nothing. */
    private static String removing(List<String> names) {
        return names.isEmpty() ? "" : " REMOVE " + String.join(", ", names.stream().map(name -> "#" + name).toList());
    }

    /**
     * Records a change of the visit's status (docs/decisions.md, "The visit") in one transaction: the
     * appointment's new status and its history entry, guarded as {@code guard} says (the version read:
     * another change or a cancel that won meanwhile makes this one read again); its search entries'
     * copies; the patient's no-show record ({@code noShowDelta} +1: this appointment is one, -1: it
     * no longer is); and its event. The slot stays booked by it, and its lock stays.
     */
    public void recordVisit(Appointment from, Appointment to, Visit.Change change, int noShowDelta, Outbox.Event event,
                            SlotLifecycle.Write guard) {
        Tx tx = table.transaction();
        var fields = Schemas.APPOINTMENT;
        tx.update(Keys.appointment(from.id()), "SET #status = :status, #version = :nextVersion, #" + fields.statusHistory.name()
                        + " = list_append(if_not_exists(#" + fields.statusHistory.name() + ", :noHistory), :change)",
                Map.of(":status", fields.status.value(to.status()),
                        ":nextVersion", fields.version.value(from.version() + 1),
                        ":noHistory", fields.statusHistory.value(List.of()),
                        ":change", fields.statusHistory.value(List.of(change))),
                Guards.condition(guard));
        searchEntries(to).values().forEach(tx::put);
        String noShow = "#" + Keys.noShowEntry(from.id());
        if (noShowDelta > 0) {
            tx.update(Keys.upcoming(from.patient().id()), "SET " + noShow + " = :start",
                    Map.of(":start", Schemas.UPCOMING.start.write(from.date().atTime(from.slot().start()))));
        } else if (noShowDelta < 0) {
            tx.update(Keys.upcoming(from.patient().id()), "REMOVE " + noShow, Map.of());
        }
        Outbox.add(tx, event);
        table.transact(tx);
    }

    /**
     * Most started bookings one write drops: each is a name of 42 characters in the update expression,
     * which DynamoDB takes up to 4 KB; the next booking drops the rest (they are not counted meanwhile).
     */
    private static final int DROPPED_PER_WRITE = 50;

    /** Records a booked appointment's start on the patient's upcoming-bookings item, dropping those named (some of them: see above). */
    private static void upcomingEntry(Tx tx, Appointment appointment, List<String> dropped) {
        StringBuilder update = new StringBuilder("SET #").append(Keys.upcomingEntry(appointment.id())).append(" = :start");
        if (!dropped.isEmpty()) {
            update.append(" REMOVE ");
            update.append(String.join(", ", dropped.stream().limit(DROPPED_PER_WRITE).map(id -> "#" + Keys.upcomingEntry(id)).toList()));
        }
        tx.update(Keys.upcoming(appointment.patient().id()), update.toString(),
                Map.of(":start", Schemas.UPCOMING.start.write(appointment.date().atTime(appointment.slot().start()))));
    }

    /** What booking or rescheduling needs to know, read in one round trip; {@code doctorPolicy}: the target doctor's own. */
    public record Snapshot(Optional<UserProfile> patient, Optional<Availability> target,
                           Optional<Appointment> appointment, Optional<Idempotency> replay, UpcomingBookings upcoming,
                           BookingPolicy doctorPolicy) {}

    /**
     * Reads, in one round trip, the target availability and whichever of these are named: the
     * patient's profile and upcoming bookings, the appointment, the caller's earlier use of an
     * Idempotency-Key. The target doctor's own booking policy is always read with them.
     */
    public Snapshot snapshot(String patientId, String appointmentId, String doctorId, LocalDate date, int slotId,
                             String idempotencyKey) {
        Key targetKey = Keys.availability(doctorId, date, slotId);
        Key profileKey = patientId == null ? null : Keys.profile(patientId);
        Key appointmentKey = appointmentId == null ? null : Keys.appointment(appointmentId);
        Key replayKey = idempotencyKey == null ? null : Keys.idempotency(patientId, idempotencyKey);
        Key upcomingKey = patientId == null ? null : Keys.upcoming(patientId);
        Key policyKey = PolicyStore.key(doctorId);
        List<Key> keys = new ArrayList<>(List.of(targetKey, policyKey));
        for (Key key : new Key[] {profileKey, appointmentKey, replayKey, upcomingKey}) {
            if (key != null) {
                keys.add(key);
            }
        }
        Map<Key, Map<String, AttributeValue>> found = new HashMap<>();
        for (var item : table.getAll(keys)) {
            found.put(Items.key(item), item);
        }
        return new Snapshot(
                Optional.ofNullable(found.get(profileKey)).map(UserStore::profile),
                Optional.ofNullable(found.get(targetKey)).map(AvailabilityStore::availability),
                Optional.ofNullable(found.get(appointmentKey)).map(AppointmentStore::appointment),
                Optional.ofNullable(found.get(replayKey)).map(item -> idempotency(patientId, idempotencyKey, item)),
                Optional.ofNullable(found.get(upcomingKey)).map(Schemas.UPCOMING::read).orElse(UpcomingBookings.NONE),
                Optional.ofNullable(found.get(policyKey)).map(PolicyStore::own).orElse(BookingPolicy.NONE));
    }

    /** The caller's earlier use of an Idempotency-Key, by a single-item read: never half of a committed transaction, as a batch may show. */
    public Optional<Idempotency> remembered(String patientId, String idempotencyKey) {
        return table.get(Keys.idempotency(patientId, idempotencyKey)).map(item -> idempotency(patientId, idempotencyKey, item));
    }

    public Optional<Appointment> byId(String id) {
        return table.get(Keys.appointment(id)).map(AppointmentStore::appointment);
    }

    private static Idempotency idempotency(String callerId, String key, Map<String, AttributeValue> item) {
        Schemas.Remembered remembered = Schemas.IDEMPOTENCY.read(item);
        return new Idempotency(callerId, key, remembered.fingerprint(), remembered.appointment(), remembered.expiresAt());
    }

    /**
     * A page of a listing, optionally within dates and of one status, in date and time order.
     * Clinic-wide listings walk the months of {@code [from, to]}, which must then both be given.
     */
    public Page<Appointment> list(Listing listing, Optional<LocalDate> from, Optional<LocalDate> to,
                                  Optional<Status> status, Optional<String> after, PageRequest page) {
        after.ifPresent(AppointmentStore::requireWhen);
        List<IndexWalk.Partition> partitions = new ArrayList<>();
        if (listing.isClinicWide()) {
            for (LocalDate month = from.orElseThrow().withDayOfMonth(1); !month.isAfter(to.orElseThrow()); month = month.plusMonths(1)) {
                partitions.add(new IndexWalk.Partition(listing.index(), listing.partitionAttribute(), Keys.allPartition(month),
                        Keys.month(month)));
            }
        } else {
            partitions.add(new IndexWalk.Partition(listing.index(), listing.partitionAttribute(), listing.partition().get(), ""));
        }
        return IndexWalk.walk(table, partitions, Keys.WHEN_SK, from.map(LocalDate::toString).orElse("0000"),
                        to.map(d -> d + "#~").orElse("9999~"), false, after, page,
                        item -> status.map(s -> s == Schemas.APPOINTMENT.status.get(item)).orElse(true))
                .map(AppointmentStore::appointment);
    }

    /**
     * The first of a scope's own entries (every booked appointment of that patient or doctor), to
     * check a term against the caller's own name: all of them carry the same one. One item read.
     */
    public Optional<Appointment> anyOwn(SearchScope scope) {
        var response = table.query(QueryRequest.builder()
                .keyConditionExpression("#PK = :pk")
                .expressionAttributeNames(Map.of("#PK", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", Items.s(Keys.ownPartition(scope.name()))))
                .limit(1));
        return response.items().stream().findFirst().map(Schemas.SEARCH_ENTRY::read);
    }

    /**
     * A page of a scope's booked appointments in date and time order: those whose {@code role}'s
     * name has a word starting with the first two characters of {@code word} (or, with no role,
     * all of the scope's own), kept when {@code keep} accepts them. See {@link IndexWalk} for the bound.
     */
    public Page<Appointment> search(SearchScope scope, Optional<Role> role, String word, Optional<String> after,
                                    PageRequest page, Predicate<Appointment> keep) {
        after.ifPresent(AppointmentStore::requireWhen);
        String partition = role.map(r -> Keys.namePartition(scope.name(), r, word)).orElse(Keys.ownPartition(scope.name()));
        return IndexWalk.walk(table, List.of(new IndexWalk.Partition(null, Keys.PK, partition, "")), Keys.SK, "0000", "9999~",
                false, after, page, item -> keep.test(Schemas.SEARCH_ENTRY.read(item))).map(Schemas.SEARCH_ENTRY::read);
    }

    private static void requireWhen(String position) {
        if (!WHEN.matcher(position).matches()) {
            throw new Problem.Invalid("cursor", "is not a cursor this API issued");
        }
    }

    // Every write of an availability bumps its version, so the doctor's read-then-write changes
    // of it (close, reopen, move, delete) can condition on the version they read.
    private static final String BOOK = "SET #status = :booked, #appointment = :id REMOVE #OpenPK, #OpenSK, "
            + "#held_by, #held_entry, #held_entry_sk, #hold_until, #hold_offer, #passed ADD #version :one";

    /** The appointment's availability opens again: to everyone, or held for the planned offer. */
    private static void reopen(Tx tx, Appointment appointment, Optional<OfferStore.OfferPlan> offer, Condition condition) {
        OfferStore.Opening opening = OfferStore.opening(appointment.date(), appointment.slot().start(), appointment.doctor(), offer);
        Map<String, AttributeValue> values = new HashMap<>(opening.values());
        values.put(":one", Items.n(1));
        tx.update(availabilityKey(appointment), "SET " + opening.set() + " REMOVE #appointment, " + opening.remove()
                + " ADD #version :one", values, condition);
    }

    /** The appointment's availability closes with its cancel (its doctor's time off): offered to no one, in no open index. */
    private static void closeSlot(Tx tx, Appointment appointment, Condition condition) {
        tx.update(availabilityKey(appointment), "SET #status = :closed REMOVE #appointment, #OpenPK, #OpenSK, "
                + "#held_by, #held_entry, #held_entry_sk, #hold_until, #hold_offer, #passed ADD #version :one",
                Map.of(":closed", AvailabilityStore.CLOSED, ":one", Items.n(1)), condition);
    }

    private static Map<String, AttributeValue> bookValues(Appointment appointment) {
        return Map.of(":booked", AvailabilityStore.BOOKED, ":id", Schemas.AVAILABILITY.appointment.value(appointment.id()), ":one", Items.n(1));
    }

    private static Key availabilityKey(Appointment appointment) {
        return Keys.availability(appointment.doctor().id(), appointment.date(), appointment.slot().id());
    }

    /**
     * The name-search entries of an appointment, by key: in its patient's scope, one for the
     * patient's own list and one per prefix of its doctor's name words; in its doctor's scope, the
     * same the other way round; in the clinic's scope, one per prefix of either name's words.
     * Words shorter than a prefix are left out: no accepted term can match them.
     */
    private static Map<Key, Map<String, AttributeValue>> searchEntries(Appointment appointment) {
        Map<Key, Map<String, AttributeValue>> entries = new LinkedHashMap<>();
        String patientScope = Keys.patientScope(appointment.patient().id());
        String doctorScope = Keys.doctorScope(appointment.doctor().id());
        addSearchEntry(entries, Keys.ownEntry(patientScope, appointment.date(), appointment.slot().start(), appointment.id()), appointment);
        addSearchEntry(entries, Keys.ownEntry(doctorScope, appointment.date(), appointment.slot().start(), appointment.id()), appointment);
        addSearchEntries(entries, patientScope, Role.DOCTOR, appointment.doctor(), appointment);
        addSearchEntries(entries, doctorScope, Role.PATIENT, appointment.patient(), appointment);
        addSearchEntries(entries, Keys.CLINIC_SCOPE, Role.DOCTOR, appointment.doctor(), appointment);
        addSearchEntries(entries, Keys.CLINIC_SCOPE, Role.PATIENT, appointment.patient(), appointment);
        return entries;
    }

    private static void addSearchEntries(Map<Key, Map<String, AttributeValue>> entries, String scope, Role role, UserRef person,
                                         Appointment appointment) {
        for (String word : NameWords.of(person.username(), person.name())) {
            if (word.codePointCount(0, word.length()) >= NameWords.MIN_TERM_WORD) {
                addSearchEntry(entries, Keys.nameEntry(scope, role, word, appointment.date(), appointment.slot().start(),
                        appointment.id()), appointment);
            }
        }
    }

    private static void addSearchEntry(Map<Key, Map<String, AttributeValue>> entries, Key key, Appointment appointment) {
        entries.put(key, Schemas.SEARCH_ENTRY.item(key, appointment));
    }

    private static Map<String, AttributeValue> item(Appointment appointment) {
        return Schemas.APPOINTMENT.item(Keys.appointment(appointment.id()), appointment);
    }

    private static Map<String, AttributeValue> lockItem(Appointment appointment) {
        return Schemas.PATIENT_LOCK.item(Keys.patientLock(appointment.patient().id(), appointment.date(), appointment.slot().id()),
                appointment.id());
    }

    private static Condition.When absentOrExpired(Instant now) {
        return Condition.when("attribute_not_exists(#PK) OR #expires_at <= :recordNow",
                Map.of(":recordNow", Schemas.IDEMPOTENCY.expiresAt.value(now)));
    }

    private static Map<String, AttributeValue> idempotencyItem(Idempotency record) {
        return Schemas.IDEMPOTENCY.item(Keys.idempotency(record.callerId(), record.key()),
                new Schemas.Remembered(record.fingerprint(), record.appointment(), record.expiresAt()));
    }

    static Appointment appointment(Map<String, AttributeValue> item) {
        return Schemas.APPOINTMENT.read(item);
    }
}
