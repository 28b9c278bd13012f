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
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

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

    /** Which appointments a list reads: one index partition, sorted by date and start time. */
    public record Listing(String index, String partitionAttribute, String partition) {
        public static Listing ofPatient(String patientId) {
            return new Listing(Keys.BY_PATIENT, Keys.PATIENT_PK, patientId);
        }

        public static Listing ofDoctor(String doctorId) {
            return new Listing(Keys.BY_DOCTOR, Keys.DOCTOR_PK, doctorId);
        }

        public static Listing all() {
            return new Listing(Keys.BY_DATE, Keys.ALL_PK, Keys.ALL_APPOINTMENTS);
        }

        /** Whether an appointment belongs to this listing, for results found another way (search). */
        public boolean includes(Appointment appointment) {
            return switch (index) {
                case Keys.BY_PATIENT -> appointment.patient().id().equals(partition);
                case Keys.BY_DOCTOR -> appointment.doctor().id().equals(partition);
                default -> true;
            };
        }
    }

    public void book(Appointment appointment, Optional<Idempotency> idempotency, Outbox.Event event) {
        Tx tx = table.transaction();
        // First, so that a replay is recognised even when the slot it booked is now taken.
        int replay = idempotency.map(record -> tx.putNew(idempotencyItem(record))).orElse(-1);
        int slot = tx.update(availabilityKey(appointment), BOOK, "#status = :open", bookValues(appointment));
        int lock = tx.putNew(lockItem(appointment));
        tx.putNew(item(appointment));
        searchEntries(appointment).values().forEach(entry -> tx.put(entry, null, Map.of()));
        Outbox.add(tx, event);
        table.transact(tx, failed -> {
            if (failed == replay) {
                throw new KeyAlreadyUsed();
            }
            return failed == slot ? Conflicts.slotUnavailable() : failed == lock ? Conflicts.patientBusy() : null;
        });
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
    public void cancel(Appointment appointment, Outbox.Event event) {
        Tx tx = table.transaction();
        int self = tx.update(Keys.appointment(appointment.id()), "SET #status = :cancelled, #version = :version", "#status = :booked",
                Map.of(":cancelled", Items.s(Status.CANCELLED.wire()), ":booked", Items.s(Status.BOOKED.wire()),
                        ":version", Items.n(appointment.version() + 1)));
        tx.update(availabilityKey(appointment), REOPEN, "#appointment = :id", reopenValues(appointment));
        tx.delete(Keys.patientLock(appointment.patient().id(), appointment.date(), appointment.slot().id()), null, Map.of());
        searchEntries(appointment).keySet().forEach(key -> tx.delete(key, null, Map.of()));
        Outbox.add(tx, event);
        table.transact(tx, failed -> failed == self ? Conflicts.notBooked() : null);
    }

    /** Moves a booked appointment to another availability: the old one reopens and the new one is taken, or nothing changes. */
    public void reschedule(Appointment from, Appointment to, Outbox.Event event) {
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
        expressionValues.put(":doctorPk", Items.s(to.doctor().id()));
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
        Outbox.add(tx, event);
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

    /** A page of a listing, from one index partition, optionally within dates and of one status. */
    public Page<Appointment> list(Listing listing, Optional<LocalDate> from, Optional<LocalDate> to,
                                  Optional<Status> status, PageRequest page) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", listing.partitionAttribute(), "#when", Keys.WHEN_SK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", Items.s(listing.partition())));
        String condition = "#pk = :pk";
        if (from.isPresent() || to.isPresent()) {
            condition += " AND #when BETWEEN :from AND :to";
            values.put(":from", Items.s(from.map(LocalDate::toString).orElse("0000")));
            values.put(":to", Items.s(to.map(d -> d + "#~").orElse("9999~")));
        } else {
            names.remove("#when");
        }
        Map<String, AttributeValue> start = page.cursor().map(cursor -> startKey(listing, cursor)).orElse(null);
        List<Appointment> found = new ArrayList<>();
        do {
            QueryResponse response = table.query(QueryRequest.builder().indexName(listing.index())
                    .keyConditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values).limit(page.limit() + 1).exclusiveStartKey(start));
            for (var item : response.items()) {
                Appointment appointment = appointment(item);
                if (status.map(s -> s == appointment.status()).orElse(true)) {
                    found.add(appointment);
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null && found.size() <= page.limit());
        if (found.size() <= page.limit() && start == null) {
            return new Page<>(found, Optional.empty());
        }
        List<Appointment> items = found.subList(0, Math.min(page.limit(), found.size()));
        Appointment last = items.get(items.size() - 1);
        return new Page<>(items, Optional.of(Keys.when(last.date(), last.slot().start(), last.id())));
    }

    /** Booked appointments whose doctor's or patient's name has a word starting with {@code word}. */
    public List<Appointment> withNameWord(Role role, String word) {
        return table.queryAll(QueryRequest.builder()
                        .keyConditionExpression("#PK = :pk AND begins_with(#SK, :word)")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK, "#SK", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.namePartition(role, word)), ":word", Items.s(word))))
                .stream().map(AppointmentStore::appointment).toList();
    }

    private static Map<String, AttributeValue> startKey(Listing listing, String cursor) {
        if (!WHEN.matcher(cursor).matches()) {
            throw new Problem.Invalid("cursor", "is not a cursor this API issued");
        }
        String id = cursor.substring(cursor.lastIndexOf('#') + 1);
        Map<String, AttributeValue> key = new HashMap<>(Keys.appointment(id).toMap());
        key.put(listing.partitionAttribute(), Items.s(listing.partition()));
        key.put(Keys.WHEN_SK, Items.s(cursor));
        return key;
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
                ":openSk", Items.s(Keys.openSort(appointment.slot().start(), appointment.doctor().id())));
    }

    private static Key availabilityKey(Appointment appointment) {
        return Keys.availability(appointment.doctor().id(), appointment.date(), appointment.slot().id());
    }

    /** The name-search entries of an appointment, by key: one per word of its doctor's and its patient's names. */
    private static Map<Key, Map<String, AttributeValue>> searchEntries(Appointment appointment) {
        Map<Key, Map<String, AttributeValue>> entries = new LinkedHashMap<>();
        addSearchEntries(entries, Role.DOCTOR, appointment.doctor(), appointment);
        addSearchEntries(entries, Role.PATIENT, appointment.patient(), appointment);
        return entries;
    }

    private static void addSearchEntries(Map<Key, Map<String, AttributeValue>> entries, Role role, UserRef person,
                                         Appointment appointment) {
        for (String word : NameWords.of(person.username(), person.name())) {
            Key key = Keys.nameWord(role, word, appointment.id());
            Map<String, AttributeValue> entry = attributes(appointment);
            entry.putAll(key.toMap());
            entries.put(key, entry);
        }
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
        item.put("version", Items.n(appointment.version()));
        return item;
    }

    private static Map<String, AttributeValue> item(Appointment appointment) {
        Map<String, AttributeValue> item = attributes(appointment);
        item.putAll(Keys.appointment(appointment.id()).toMap());
        item.put(Keys.PATIENT_PK, Items.s(appointment.patient().id()));
        item.put(Keys.DOCTOR_PK, Items.s(appointment.doctor().id()));
        item.put(Keys.ALL_PK, Items.s(Keys.ALL_APPOINTMENTS));
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
                Instant.parse(Items.str(item, "created_at")), Math.max(1, Items.num(item, "version")));
    }
}
