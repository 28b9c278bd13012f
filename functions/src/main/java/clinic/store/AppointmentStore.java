package clinic.store;

import clinic.domain.Appointment;
import clinic.domain.Appointment.Status;
import clinic.domain.Availability;
import clinic.domain.Conflicts;
import clinic.domain.NameWords;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Appointments and the rules that guard them. Booking, cancelling and rescheduling are each one
 * TransactWriteItems whose conditions are the contract's rules: the availability must be open
 * (rule 1), the patient's lock for that date and slot must be absent (rule 2), and the availability
 * and appointment change together (rules 3 and 4).
 */
public final class AppointmentStore {
    private static final Pattern WHEN = Pattern.compile("\\d{4}-\\d{2}-\\d{2}#\\d{4}#[0-9a-f-]{36}");

    private final Table table;

    public AppointmentStore(Table table) {
        this.table = table;
    }

    /** An {@code Idempotency-Key} remembered with the response it produced. */
    public record Idempotency(String callerId, String key, String fingerprint, Appointment appointment, Instant expiresAt) {}

    /** Thrown when the Idempotency-Key was used before; the caller replays the stored record. */
    public static final class KeyAlreadyUsed extends RuntimeException {
        KeyAlreadyUsed() {
            super("idempotency key used", null, false, false);
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

    public void book(Appointment appointment, Optional<Idempotency> idempotency) {
        Tx tx = table.transaction();
        // First, so that a replay is recognised even when the slot it booked is now taken.
        int replay = idempotency.map(record -> tx.putNew(idempotencyItem(record))).orElse(-1);
        int slot = tx.update(availabilityKey(appointment), BOOK, "#status = :open", bookValues(appointment));
        int lock = tx.putNew(lockItem(appointment));
        tx.putNew(item(appointment));
        searchEntries(appointment).values().forEach(entry -> tx.put(entry, null, Map.of()));
        table.transact(tx, failed -> {
            if (failed == replay) {
                throw new KeyAlreadyUsed();
            }
            return failed == slot ? Conflicts.slotUnavailable() : failed == lock ? Conflicts.patientBusy() : null;
        });
    }

    /**
     * Writes booked appointments in bulk, without conditions: each one's item, search entries and
     * patient lock, and its availability as booked. For loading test and benchmark data only, into
     * (doctor, date, slot)s and patients' (date, slot)s nobody else uses.
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
        tx.check(new Key("PRIMING", "PRIMING"), "attribute_exists(#PK)", Map.of());
        try {
            table.transact(tx, failed -> Conflicts.slotUnavailable());
        } catch (Problem.Conflict expected) {
            // the condition always fails; that was the point
        }
    }

    /** Cancels a booked appointment and reopens its slot, atomically. 409 NOT_BOOKED if already cancelled. */
    public void cancel(Appointment appointment) {
        Tx tx = table.transaction();
        int self = tx.update(Keys.appointment(appointment.id()), "SET #status = :cancelled", "#status = :booked",
                Map.of(":cancelled", Items.s(Status.CANCELLED.wire()), ":booked", Items.s(Status.BOOKED.wire())));
        tx.update(availabilityKey(appointment), REOPEN, "#appointment = :id", reopenValues(appointment));
        tx.delete(Keys.patientLock(appointment.patient().id(), appointment.date(), appointment.slot().id()), null, Map.of());
        searchEntries(appointment).keySet().forEach(key -> tx.delete(key, null, Map.of()));
        table.transact(tx, failed -> failed == self ? Conflicts.notBooked() : null);
    }

    /** Moves a booked appointment to another availability: the old one reopens and the new one is taken, or nothing changes. */
    public void reschedule(Appointment from, Appointment to) {
        Tx tx = table.transaction();
        Map<String, AttributeValue> values = new HashMap<>(attributes(to));
        values.keySet().removeIf(name -> name.equals("id") || name.equals("created_at") || name.equals("status"));
        StringBuilder set = new StringBuilder("SET ");
        Map<String, AttributeValue> expressionValues = new HashMap<>();
        values.forEach((name, value) -> {
            set.append('#').append(name).append(" = :").append(name).append(", ");
            expressionValues.put(":" + name, value);
        });
        set.append("#").append(Keys.DOCTOR_PK).append(" = :doctorPk, #").append(Keys.WHEN_SK).append(" = :when");
        set.append(", #").append(Keys.ALL_PK).append(" = :allPk");
        expressionValues.put(":doctorPk", Items.s(to.doctor().id()));
        expressionValues.put(":allPk", Items.s(Keys.allPartition(to.date())));
        expressionValues.put(":when", Items.s(Keys.when(to.date(), to.slot().start(), to.id())));
        expressionValues.put(":booked", Items.s(Status.BOOKED.wire()));
        expressionValues.put(":patient", Items.s(from.patient().id()));
        int self = tx.update(Keys.appointment(from.id()), set.toString(), "#status = :booked AND #patient = :patient", expressionValues);
        tx.update(availabilityKey(from), REOPEN, "#appointment = :id", reopenValues(from));
        int slot = tx.update(availabilityKey(to), BOOK, "#status = :open", bookValues(to));
        int lock = -1;
        Key oldLock = Keys.patientLock(from.patient().id(), from.date(), from.slot().id());
        Key newLock = Keys.patientLock(to.patient().id(), to.date(), to.slot().id());
        if (!oldLock.equals(newLock)) {
            tx.delete(oldLock, null, Map.of());
            lock = tx.putNew(lockItem(to));
        }
        // One operation per item: entries kept are overwritten, the others deleted.
        Map<Key, Map<String, AttributeValue>> newEntries = searchEntries(to);
        searchEntries(from).keySet().stream().filter(key -> !newEntries.containsKey(key))
                .forEach(key -> tx.delete(key, null, Map.of()));
        newEntries.values().forEach(entry -> tx.put(entry, null, Map.of()));
        int lockIndex = lock;
        table.transact(tx, failed -> failed == self ? Conflicts.notBooked()
                : failed == slot ? Conflicts.slotUnavailable()
                : failed == lockIndex ? Conflicts.patientBusy() : null);
    }

    /** What booking or rescheduling needs to know, read in one round trip. */
    public record Snapshot(Optional<UserProfile> patient, Optional<Availability> target,
                           Optional<Appointment> appointment, Optional<Idempotency> replay) {}

    /**
     * Reads, in one round trip, the target availability and whichever of these are named: the
     * patient's profile, the appointment, the caller's earlier use of an Idempotency-Key.
     */
    public Snapshot snapshot(String patientId, String appointmentId, String doctorId, LocalDate date, int slotId,
                             String idempotencyKey) {
        Key targetKey = Keys.availability(doctorId, date, slotId);
        Key profileKey = patientId == null ? null : Keys.profile(patientId);
        Key appointmentKey = appointmentId == null ? null : Keys.appointment(appointmentId);
        Key replayKey = idempotencyKey == null ? null : Keys.idempotency(patientId, idempotencyKey);
        List<Key> keys = new ArrayList<>(List.of(targetKey));
        for (Key key : new Key[] {profileKey, appointmentKey, replayKey}) {
            if (key != null) {
                keys.add(key);
            }
        }
        Map<Key, Map<String, AttributeValue>> found = new HashMap<>();
        for (var item : table.getAll(keys)) {
            found.put(new Key(Items.str(item, Keys.PK), Items.str(item, Keys.SK)), item);
        }
        return new Snapshot(
                Optional.ofNullable(found.get(profileKey)).map(UserStore::profile),
                Optional.ofNullable(found.get(targetKey)).map(AvailabilityStore::availability),
                Optional.ofNullable(found.get(appointmentKey)).map(AppointmentStore::appointment),
                Optional.ofNullable(found.get(replayKey)).map(item -> idempotency(patientId, idempotencyKey, item)));
    }

    public Optional<Appointment> byId(String id) {
        return table.get(Keys.appointment(id)).map(AppointmentStore::appointment);
    }

    public Optional<Idempotency> idempotency(String callerId, String key) {
        return table.get(Keys.idempotency(callerId, key)).map(item -> idempotency(callerId, key, item));
    }

    private static Idempotency idempotency(String callerId, String key, Map<String, AttributeValue> item) {
        return new Idempotency(callerId, key, Items.str(item, "fingerprint"), appointment(item.get("appointment").m()),
                Instant.ofEpochSecond(Items.num(item, "expires_at")));
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
                        item -> status.map(s -> s.wire().equals(Items.str(item, "status"))).orElse(true))
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
        return response.items().stream().findFirst().map(AppointmentStore::appointment);
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
                false, after, page, item -> keep.test(appointment(item))).map(AppointmentStore::appointment);
    }

    private static void requireWhen(String position) {
        if (!WHEN.matcher(position).matches()) {
            throw new Problem.Invalid("cursor", "is not a cursor this API issued");
        }
    }

    private static final String BOOK = "SET #status = :booked, #appointment = :id REMOVE #OpenPK, #OpenSK";
    private static final String REOPEN = "SET #status = :open, #OpenPK = :openPk, #OpenSK = :openSk REMOVE #appointment";

    private static Map<String, AttributeValue> bookValues(Appointment appointment) {
        return Map.of(":booked", Items.s(AvailabilityStore.BOOKED), ":open", Items.s(AvailabilityStore.OPEN),
                ":id", Items.s(appointment.id()));
    }

    private static Map<String, AttributeValue> reopenValues(Appointment appointment) {
        return Map.of(":open", Items.s(AvailabilityStore.OPEN), ":id", Items.s(appointment.id()),
                ":openPk", Items.s(Keys.openPartition(appointment.date())),
                ":openSk", Items.s(Keys.slotPosition(appointment.date(), appointment.slot().start(),
                        appointment.doctor().name(), appointment.doctor().id())));
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
        Map<String, AttributeValue> entry = attributes(appointment);
        entry.putAll(key.toMap());
        entries.put(key, entry);
    }

    private static Map<String, AttributeValue> attributes(Appointment appointment) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", Items.s(appointment.id()));
        Items.putUser(item, "patient", appointment.patient());
        Items.putUser(item, "doctor", appointment.doctor());
        item.put("date", Items.s(appointment.date().toString()));
        Items.putSlot(item, appointment.slot());
        item.put("status", Items.s(appointment.status().wire()));
        item.put("created_at", Items.s(appointment.createdAt().toString()));
        return item;
    }

    private static Map<String, AttributeValue> item(Appointment appointment) {
        Map<String, AttributeValue> item = attributes(appointment);
        item.putAll(Keys.appointment(appointment.id()).toMap());
        item.put(Keys.PATIENT_PK, Items.s(appointment.patient().id()));
        item.put(Keys.DOCTOR_PK, Items.s(appointment.doctor().id()));
        item.put(Keys.ALL_PK, Items.s(Keys.allPartition(appointment.date())));
        item.put(Keys.WHEN_SK, Items.s(Keys.when(appointment.date(), appointment.slot().start(), appointment.id())));
        return item;
    }

    private static Map<String, AttributeValue> lockItem(Appointment appointment) {
        Map<String, AttributeValue> item = new HashMap<>(
                Keys.patientLock(appointment.patient().id(), appointment.date(), appointment.slot().id()).toMap());
        item.put("appointment", Items.s(appointment.id()));
        return item;
    }

    private static Map<String, AttributeValue> idempotencyItem(Idempotency record) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.idempotency(record.callerId(), record.key()).toMap());
        item.put("fingerprint", Items.s(record.fingerprint()));
        item.put("appointment", AttributeValue.fromM(attributes(record.appointment())));
        item.put("expires_at", Items.n(record.expiresAt().getEpochSecond()));
        return item;
    }

    static Appointment appointment(Map<String, AttributeValue> item) {
        return new Appointment(Items.str(item, "id"), Items.user(item, "patient"), Items.user(item, "doctor"),
                Items.date(item, "date"), Items.slot(item),
                Status.valueOf(Items.str(item, "status").toUpperCase(Locale.ROOT)),
                Instant.parse(Items.str(item, "created_at")));
    }
}
