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
import clinic.domain.UpcomingBookings;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.store.Tx.Condition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Books in one transaction. {@code started} names the patient's bookings whose time has come,
     * dropped from the upcoming-bookings item in the same write; {@code event}
     * announces the booking from the same transaction (the outbox). A lost idempotency race is a
     * {@link StaleRead}: read again, and the replay is there.
     */
    public void book(Appointment appointment, Optional<Idempotency> idempotency, List<String> started,
                     Outbox.Event event) {
        Tx tx = table.transaction();
        // First, so that a replay is recognised even when the slot it booked is now taken.
        idempotency.ifPresent(record -> tx.put(idempotencyItem(record), Condition.absent().orReread()));
        tx.update(availabilityKey(appointment), BOOK, bookValues(appointment), STILL_OPEN);
        tx.put(lockItem(appointment), Condition.absent().orRefuse(Conflicts::patientBusy));
        tx.put(item(appointment), Condition.absent().orReread());
        searchEntries(appointment).values().forEach(tx::put);
        upcomingEntry(tx, appointment, started);
        Outbox.add(tx, event);
        table.transact(tx);
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
     * Cancels a booked appointment and reopens its slot, atomically, if the appointment is still
     * as it was read; if not ({@link StaleRead}), the caller reads it again and decides again.
     */
    public void cancel(Appointment appointment, Outbox.Event event) {
        Tx tx = table.transaction();
        tx.update(Keys.appointment(appointment.id()), "SET #status = :cancelled, #version = :nextVersion",
                Map.of(":cancelled", Items.s(Status.CANCELLED.wire()), ":nextVersion", Items.n(appointment.version() + 1)),
                Condition.unchanged(appointment.version()).orReread());
        tx.update(availabilityKey(appointment), REOPEN, reopenValues(appointment), heldBy(appointment).orReread());
        tx.delete(Keys.patientLock(appointment.patient().id(), appointment.date(), appointment.slot().id()));
        searchEntries(appointment).keySet().forEach(tx::delete);
        tx.update(Keys.upcoming(appointment.patient().id()), "REMOVE #" + Keys.upcomingEntry(appointment.id()), Map.of());
        Outbox.add(tx, event);
        table.transact(tx);
    }

    /**
     * Moves a booked appointment to another availability: the old one reopens and the new one is
     * taken, or nothing changes. Lost races are 409s: {@code NOT_BOOKED} if it was cancelled
     * meanwhile, {@code CHANGED} if it was otherwise changed, {@code SLOT_UNAVAILABLE},
     * {@code PATIENT_BUSY}.
     */
    public void reschedule(Appointment from, Appointment to, Outbox.Event event) {
        Tx tx = table.transaction();
        Map<String, AttributeValue> values = new HashMap<>(attributes(to));
        values.keySet().removeIf(name -> name.equals("id") || name.equals("created_at") || name.equals("status")
                || name.equals(VERSION));
        StringBuilder set = new StringBuilder("SET ");
        Map<String, AttributeValue> expressionValues = new HashMap<>();
        values.forEach((name, value) -> {
            set.append('#').append(name).append(" = :").append(name).append(", ");
            expressionValues.put(":" + name, value);
        });
        set.append("#").append(Keys.DOCTOR_PK).append(" = :doctorPk, #").append(Keys.WHEN_SK).append(" = :when, #")
                .append(VERSION).append(" = :nextVersion");
        expressionValues.put(":doctorPk", Items.s(to.doctor().id()));
        expressionValues.put(":when", Items.s(Keys.when(to.date(), to.slot().start(), to.id())));
        expressionValues.put(":nextVersion", Items.n(from.version() + 1));
        tx.update(Keys.appointment(from.id()), set.toString(), expressionValues,
                Condition.unchanged(from.version()).orElse(AppointmentStore::whyChanged));
        tx.update(availabilityKey(from), REOPEN, reopenValues(from), heldBy(from).orRefuse(Conflicts::changed));
        tx.update(availabilityKey(to), BOOK, bookValues(to), STILL_OPEN);
        Key oldLock = Keys.patientLock(from.patient().id(), from.date(), from.slot().id());
        Key newLock = Keys.patientLock(to.patient().id(), to.date(), to.slot().id());
        if (!oldLock.equals(newLock)) {
            tx.delete(oldLock);
            tx.put(lockItem(to), Condition.absent().orRefuse(Conflicts::patientBusy));
        }
        // One operation per item: entries kept are overwritten, the others deleted.
        Map<Key, Map<String, AttributeValue>> newEntries = searchEntries(to);
        searchEntries(from).keySet().stream().filter(key -> !newEntries.containsKey(key)).forEach(tx::delete);
        newEntries.values().forEach(tx::put);
        upcomingEntry(tx, to, List.of());
        Outbox.add(tx, event);
        table.transact(tx);
    }

    /** Why an appointment is not at the version a reschedule read: gone, cancelled, or changed otherwise. */
    private static RuntimeException whyChanged(Map<String, AttributeValue> current) {
        if (current.isEmpty()) {
            return new Problem.NotFound("Appointment");
        }
        return Status.CANCELLED.wire().equals(Items.optionalStr(current, "status")) ? Conflicts.notBooked() : Conflicts.changed();
    }

    /** Records a booked appointment's start on the patient's upcoming-bookings item, dropping those named. */
    private static void upcomingEntry(Tx tx, Appointment appointment, List<String> dropped) {
        StringBuilder update = new StringBuilder("SET #").append(Keys.upcomingEntry(appointment.id())).append(" = :start");
        if (!dropped.isEmpty()) {
            update.append(" REMOVE ");
            update.append(String.join(", ", dropped.stream().map(id -> "#" + Keys.upcomingEntry(id)).toList()));
        }
        tx.update(Keys.upcoming(appointment.patient().id()), update.toString(),
                Map.of(":start", Items.s(appointment.date().atTime(appointment.slot().start()).toString())));
    }

    /** What booking or rescheduling needs to know, read in one round trip. */
    public record Snapshot(Optional<UserProfile> patient, Optional<Availability> target,
                           Optional<Appointment> appointment, Optional<Idempotency> replay, UpcomingBookings upcoming) {}

    /**
     * Reads, in one round trip, the target availability and whichever of these are named: the
     * patient's profile and upcoming bookings, the appointment, the caller's earlier use of an
     * Idempotency-Key.
     */
    public Snapshot snapshot(String patientId, String appointmentId, String doctorId, LocalDate date, int slotId,
                             String idempotencyKey) {
        Key targetKey = Keys.availability(doctorId, date, slotId);
        Key profileKey = patientId == null ? null : Keys.profile(patientId);
        Key appointmentKey = appointmentId == null ? null : Keys.appointment(appointmentId);
        Key replayKey = idempotencyKey == null ? null : Keys.idempotency(patientId, idempotencyKey);
        Key upcomingKey = patientId == null ? null : Keys.upcoming(patientId);
        List<Key> keys = new ArrayList<>(List.of(targetKey));
        for (Key key : new Key[] {profileKey, appointmentKey, replayKey, upcomingKey}) {
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
                Optional.ofNullable(found.get(replayKey)).map(item -> idempotency(patientId, idempotencyKey, item)),
                Optional.ofNullable(found.get(upcomingKey)).map(AppointmentStore::upcoming).orElse(UpcomingBookings.NONE));
    }

    public Optional<Appointment> byId(String id) {
        return table.get(Keys.appointment(id)).map(AppointmentStore::appointment);
    }

    private static Idempotency idempotency(String callerId, String key, Map<String, AttributeValue> item) {
        return new Idempotency(callerId, key, Items.str(item, "fingerprint"), appointment(Items.map(item, "appointment")),
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

    private static final String VERSION = "version";

    // Every write of an availability bumps its version, so the doctor's read-then-write changes
    // of it (close, reopen, move, delete) can condition on the version they read.
    private static final String BOOK = "SET #status = :booked, #appointment = :id REMOVE #OpenPK, #OpenSK ADD #version :one";
    private static final String REOPEN = "SET #status = :open, #OpenPK = :openPk, #OpenSK = :openSk REMOVE #appointment ADD #version :one";

    /** Rule 1: only an open availability can be booked. */
    private static final Condition STILL_OPEN = Condition.when("#status = :open", Map.of(":open", Items.s(AvailabilityStore.OPEN)))
            .orRefuse(Conflicts::slotUnavailable);

    /** Rule 4: the availability is held by this appointment. */
    private static Condition.When heldBy(Appointment appointment) {
        return Condition.when("#appointment = :held", Map.of(":held", Items.s(appointment.id())));
    }

    private static Map<String, AttributeValue> bookValues(Appointment appointment) {
        return Map.of(":booked", Items.s(AvailabilityStore.BOOKED), ":id", Items.s(appointment.id()), ":one", Items.n(1));
    }

    private static Map<String, AttributeValue> reopenValues(Appointment appointment) {
        return Map.of(":open", Items.s(AvailabilityStore.OPEN), ":one", Items.n(1),
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
        return item;
    }

    private static Map<String, AttributeValue> item(Appointment appointment) {
        Map<String, AttributeValue> item = attributes(appointment);
        item.putAll(Keys.appointment(appointment.id()).toMap());
        item.put(Keys.PATIENT_PK, Items.s(appointment.patient().id()));
        item.put(Keys.DOCTOR_PK, Items.s(appointment.doctor().id()));
        item.put(Keys.ALL_PK, Items.s(Keys.ALL_APPOINTMENTS));
        item.put(Keys.WHEN_SK, Items.s(Keys.when(appointment.date(), appointment.slot().start(), appointment.id())));
        item.put(VERSION, Items.n(appointment.version() + 1));
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
                Items.enumOf(item, "status", Status.class),
                Instant.parse(Items.str(item, "created_at")), Items.version(item));
    }

    private static UpcomingBookings upcoming(Map<String, AttributeValue> item) {
        Map<String, LocalDateTime> starts = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(Keys.UPCOMING_PREFIX)) {
                starts.put(Keys.appointmentOfUpcomingEntry(name), LocalDateTime.parse(value.s()));
            }
        });
        return new UpcomingBookings(starts);
    }
}
