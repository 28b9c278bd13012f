package clinic.store;

import clinic.domain.Availability;
import clinic.domain.UserRef;
import clinic.domain.WeeklyPattern;
import clinic.store.Tx.Condition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A doctor's working hours (issue 19), in the partition {@code HOURS#<doctor>}: the weekly patterns
 * ({@code PATTERN#<effective_from>}) and the dates the doctor edited by hand ({@code EDITED#<date>}),
 * which the pattern no longer fills. The pattern's fill of a date is the availabilities'
 * declaration, on condition that the date has not been edited by hand meanwhile.
 */
public final class WorkingHoursStore {
    static final String PATTERN_PREFIX = "PATTERN#";
    static final String EDITED_PREFIX = "EDITED#";
    static final String TIME_OFF_PREFIX = "TIMEOFF#";
    static final String TIME_OFF_VERSION = "TIMEOFF_VERSION";
    static final String DOCTORS_PARTITION = "HOURS";
    private static final Schemas.WorkingHoursItem PATTERN = Schemas.WORKING_HOURS;
    private static final Schemas.DoctorWithHoursItem DOCTOR = Schemas.DOCTOR_WITH_HOURS;

    private final Table table;

    public WorkingHoursStore(Table table) {
        this.table = table;
    }

    static String partition(String doctorId) {
        return "HOURS#" + doctorId;
    }

    static Key patternKey(String doctorId, LocalDate effectiveFrom) {
        return new Key(partition(doctorId), PATTERN_PREFIX + effectiveFrom);
    }

    static Key doctorKey(String doctorId) {
        return new Key(DOCTORS_PARTITION, "DOCTOR#" + doctorId);
    }

    static Key timeOffKey(String doctorId, String timeOffId) {
        return new Key(partition(doctorId), TIME_OFF_PREFIX + timeOffId);
    }

    static Key timeOffVersionKey(String doctorId) {
        return new Key(partition(doctorId), TIME_OFF_VERSION);
    }

    static Key editedKey(String doctorId, LocalDate date) {
        return new Key(partition(doctorId), EDITED_PREFIX + date);
    }

    /** The doctor's patterns, by {@code effective_from}: one Query (a handful of items). */
    public List<WeeklyPattern> patterns(String doctorId) {
        return table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(partition(doctorId)), ":prefix", Items.s(PATTERN_PREFIX))))
                .stream().map(PATTERN::read).toList();
    }

    /**
     * Sets {@code pattern} from its {@code effective_from}: it replaces the patterns that start on or
     * after that date ({@code superseded}, as read), all in one transaction (a doctor has a handful).
     */
    public void set(UserRef doctor, WeeklyPattern pattern, List<WeeklyPattern> kept, List<WeeklyPattern> superseded) {
        Tx tx = table.transaction();
        for (WeeklyPattern old : superseded) {
            if (!old.effectiveFrom().equals(pattern.effectiveFrom())) {
                tx.delete(patternKey(doctor.id(), old.effectiveFrom()));
            }
        }
        tx.put(PATTERN.item(patternKey(doctor.id(), pattern.effectiveFrom()), pattern));
        List<WeeklyPattern> all = new ArrayList<>(kept);
        all.add(pattern);
        Optional<LocalDate> lastDate = all.stream().anyMatch(p -> p.until().isEmpty()) ? Optional.empty()
                : all.stream().map(p -> p.until().get()).max(LocalDate::compareTo);
        tx.put(DOCTOR.item(doctorKey(doctor.id()), new DoctorWithHours(doctor, lastDate)));
        table.transact(tx);
    }

    /** A doctor with working hours, and the last date their patterns cover (empty: open-ended). */
    public record DoctorWithHours(UserRef doctor, Optional<LocalDate> lastDate) {
        public boolean worksOnOrAfter(LocalDate date) {
            return lastDate.map(last -> !last.isBefore(date)).orElse(true);
        }
    }

    /**
     * Every doctor who has set working hours, for the day's roll-forward: a paged Query of one
     * partition ({@code HOURS / DOCTOR#<id>}, a few hundred small items).
     */
    public List<DoctorWithHours> doctors() {
        return table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", Keys.PK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(DOCTORS_PARTITION))))
                .stream().map(DOCTOR::read).toList();
    }

    /** The dates from {@code from} to {@code to} (inclusive) the doctor edited by hand: one Query. */
    public Set<LocalDate> editedBetween(String doctorId, LocalDate from, LocalDate to) {
        Set<LocalDate> dates = new HashSet<>();
        table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(partition(doctorId)),
                                ":from", Items.s(EDITED_PREFIX + from), ":to", Items.s(EDITED_PREFIX + to))))
                .forEach(item -> dates.add(LocalDate.parse(Items.str(item, Keys.SK).substring(EDITED_PREFIX.length()))));
        return dates;
    }

    /**
     * Marks the dates as edited by hand, so the pattern leaves them alone from now on (a PutItem for
     * one or two, else {@value Table#BATCH_WRITE_ITEMS} to a BatchWriteItem; marking twice is marking once).
     */
    public void markEdited(String doctorId, Set<LocalDate> dates) {
        List<Map<String, AttributeValue>> marks = new ArrayList<>();
        for (LocalDate date : dates) {
            marks.add(editedKey(doctorId, date).toMap());
        }
        if (marks.size() <= 2) {
            marks.forEach(table::put); // a change or a move: no batch for one or two items
        } else {
            table.putAll(marks);
        }
    }

    /** The doctor's availabilities from {@code from} to {@code to}, whatever their status: a paged Query of their partition. */
    public List<Availability> availabilities(String doctorId, LocalDate from, LocalDate to) {
        return table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.doctorPartition(doctorId)),
                                ":from", Items.s(Keys.slotPrefix(from)), ":to", Items.s(Keys.slotPrefix(to) + "~"))))
                .stream().map(AvailabilityStore::availability).toList();
    }

    /** The doctor's time off, by id: one Query (a doctor has a handful). */
    public List<clinic.domain.TimeOff> timeOff(String doctorId) {
        return table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(partition(doctorId)), ":prefix", Items.s(TIME_OFF_PREFIX))))
                .stream().map(Schemas.TIME_OFF::read).toList();
    }

    /** How many time offs the doctor has recorded (0: none, or none since versions): read before their list. */
    public long timeOffVersion(String doctorId) {
        return table.get(timeOffVersionKey(doctorId)).map(Schemas.TIME_OFF_VERSION::read).orElse(0L);
    }

    /**
     * Records a new time off, on condition that the doctor recorded none since {@code readVersion} was read
     * (before the list its overlap was checked against); otherwise {@link clinic.domain.StaleRead}: read again.
     */
    public void recordTimeOff(String doctorId, clinic.domain.TimeOff timeOff, long readVersion) {
        Tx tx = table.transaction();
        Condition.When unchanged = readVersion == 0 ? Condition.absent()
                : Condition.when("#version = :readVersion", Map.of(":readVersion", Schemas.TIME_OFF_VERSION.version.value(readVersion)));
        tx.update(timeOffVersionKey(doctorId), "SET #version = :nextVersion",
                Map.of(":nextVersion", Schemas.TIME_OFF_VERSION.version.value(readVersion + 1)), unchanged.orReread());
        tx.put(Schemas.TIME_OFF.item(timeOffKey(doctorId, timeOff.id()), timeOff)); // a fresh id: no other write makes it
        table.transact(tx);
    }

    /**
     * Marks each of the time off's dates (a PutItem each, only where no mark is: a date already edited by
     * hand stays the doctor's, and its mark is not the time off's to take back). Once a date's mark is there,
     * no fill of the pattern's commits on it ({@link #notEdited}). Marking twice is marking once.
     */
    public void markTimeOff(String doctorId, clinic.domain.TimeOff timeOff) {
        for (LocalDate date : timeOff.dates()) {
            table.putIfAbsent(Schemas.TIME_OFF_MARK.item(editedKey(doctorId, date), timeOff.id()));
        }
    }

    /**
     * Deletes the marks of the time off's dates that are still its own (not those a hand edit rewrote
     * meanwhile); deleting them twice is deleting them once.
     */
    public void unmarkTimeOff(String doctorId, clinic.domain.TimeOff timeOff) {
        for (LocalDate date : timeOff.dates()) {
            table.deleteIfEquals(editedKey(doctorId, date), Schemas.TIME_OFF_MARK.timeOff.name(),
                    Schemas.TIME_OFF_MARK.timeOff.value(timeOff.id()));
        }
    }

    /** Deletes the time off's record (its marks first: {@link #unmarkTimeOff}). */
    public void forgetTimeOff(String doctorId, String timeOffId) {
        table.delete(timeOffKey(doctorId, timeOffId));
    }

    /** The transaction's condition that {@code date} has not been edited by hand; otherwise read again. */
    static void notEdited(Tx tx, String doctorId, LocalDate date) {
        tx.check(editedKey(doctorId, date), Condition.absent().orReread());
    }

    /**
     * The transaction's check of the slot's date for time off, if {@code step} opens (or, found away, closes)
     * the slot: one ConditionCheck of the date's mark, no read (issue 19).
     */
    static void guardDay(Tx tx, clinic.domain.SlotLifecycle.Transition step, String doctorId, LocalDate date) {
        if (step.writes().containsKey(clinic.domain.SlotLifecycle.Item.DAY)) {
            tx.check(editedKey(doctorId, date), Guards.on(step, clinic.domain.SlotLifecycle.Item.DAY));
        }
    }
}
