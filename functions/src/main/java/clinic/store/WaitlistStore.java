package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.SlotLifecycle.Item;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.UserProfile;
import clinic.domain.Waitlist;
import clinic.domain.WaitlistEntry;
import clinic.store.Tx.Condition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Waitlist entries: each in its doctor's and date's partition (the queue, in join order), with a
 * claim in the patient's partition (joining twice fails on it; the patient's list is one Query of
 * it) and a pointer from its id.
 */
public final class WaitlistStore {
    private final Table table;

    public WaitlistStore(Table table) {
        this.table = table;
    }

    /**
     * What joining needs to know about the patient, read in one Query of their partition: the
     * profile, their entries, and their waitlist seats (by number, the entry that took each last).
     */
    public record PatientSide(Optional<UserProfile> profile, List<WaitlistEntry> entries, Map<Integer, String> seats) {}

    public PatientSide patientSide(String patientId) {
        Optional<UserProfile> profile = Optional.empty();
        List<WaitlistEntry> entries = new ArrayList<>();
        Map<Integer, String> seats = new HashMap<>();
        for (var item : table.queryAll(QueryRequest.builder().consistentRead(true)
                .keyConditionExpression("#PK = :pk")
                .expressionAttributeNames(Map.of("#PK", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", Items.s(Keys.profile(patientId).pk()))))) {
            if (UserStore.isProfile(item)) {
                profile = Optional.of(UserStore.profile(item));
            } else if (Items.str(item, Keys.SK).startsWith(Keys.WAITLIST_CLAIM_PREFIX)) {
                entries.add(claim(item));
            } else if (Items.str(item, Keys.SK).startsWith(Keys.WAITLIST_SEAT_PREFIX)) {
                seats.put(Integer.parseInt(Items.str(item, Keys.SK).substring(Keys.WAITLIST_SEAT_PREFIX.length())),
                        Schemas.WAITLIST_SEAT.read(item));
            }
        }
        return new PatientSide(profile, entries, seats);
    }

    /** The patient's entries, sorted by date and then join time. */
    public List<WaitlistEntry> ofPatient(String patientId) {
        return table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#PK = :pk AND begins_with(#SK, :prefix)")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK, "#SK", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.profile(patientId).pk()),
                                ":prefix", Items.s(Keys.WAITLIST_CLAIM_PREFIX))))
                .stream().map(WaitlistStore::claim).toList();
    }

    /** One doctor's waitlist for one date, in join order. */
    public List<WaitlistEntry> queue(String doctorId, LocalDate date) {
        return table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#PK = :pk")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.waitlistPartition(doctorId, date)))))
                .stream().map(WaitlistStore::entry).toList();
    }

    public Optional<WaitlistEntry> byId(String id) {
        return table.get(Keys.waitlistPointer(id))
                .flatMap(pointer -> table.get(Schemas.WAITLIST_POINTER.read(pointer)))
                .map(WaitlistStore::entry);
    }

    /**
     * Adds an entry, its claim and its pointer in one transaction, taking {@code seat}; the claim's
     * absence is the "only once" rule, the seat still as read is the cap's (another join took it: read again).
     */
    public void join(WaitlistEntry entry, Waitlist.Seat seat) {
        Tx tx = table.transaction();
        tx.put(claimItem(entry), Condition.absent()
                .orRefuse(() -> Conflicts.alreadyExists("A waitlist entry for this doctor and date")));
        tx.put(entryItem(entry), Condition.absent().orReread());
        tx.put(pointerItem(entry), Condition.absent().orReread());
        tx.put(Schemas.WAITLIST_SEAT.item(Keys.waitlistSeat(entry.patient().id(), seat.number()), entry.id()),
                seat.lastEntry().map(last -> Condition.when("#seated_entry = :lastEntry",
                        Map.of(":lastEntry", Schemas.WAITLIST_SEAT.seatedEntry.value(last)))).orElse(Condition.absent()).orReread());
        table.transact(tx);
    }

    /**
     * Removes an entry, its claim and its pointer, as {@code leaving} (the lifecycle's LEAVE) guards
     * it: if the entry went meanwhile, or was offered a slot since it was read, the caller reads
     * again (and passes the offer on first).
     */
    public void leave(WaitlistEntry entry, Transition leaving) {
        Tx tx = table.transaction();
        tx.delete(entryKey(entry), Guards.on(leaving, Item.ENTRY));
        tx.delete(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()));
        tx.delete(Keys.waitlistPointer(entry.id()));
        table.transact(tx);
    }

    /** Whether the patient holds a booked appointment with that doctor on that date (read from the patient's index). */
    public boolean bookedWith(String patientId, String doctorId, LocalDate date) {
        return table.queryAll(QueryRequest.builder().indexName(Keys.BY_PATIENT)
                        .keyConditionExpression("#pk = :pk AND begins_with(#when, :date)")
                        .expressionAttributeNames(Map.of("#pk", Keys.PATIENT_PK, "#when", Keys.WHEN_SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(patientId), ":date", Items.s(date + "#"))))
                .stream().map(AppointmentStore::appointment)
                .anyMatch(a -> !a.isCancelled() && a.doctor().id().equals(doctorId));
    }

    private static Key entryKey(WaitlistEntry entry) {
        return Schemas.WaitlistFields.entryKey(entry);
    }

    private static Map<String, AttributeValue> entryItem(WaitlistEntry entry) {
        return Schemas.WAITLIST_ENTRY.item(entryKey(entry), entry);
    }

    private static Map<String, AttributeValue> claimItem(WaitlistEntry entry) {
        return Schemas.WAITLIST_CLAIM.item(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()), entry);
    }

    private static Map<String, AttributeValue> pointerItem(WaitlistEntry entry) {
        return Schemas.WAITLIST_POINTER.item(Keys.waitlistPointer(entry.id()), entryKey(entry));
    }

    static WaitlistEntry entry(Map<String, AttributeValue> item) {
        return Schemas.WAITLIST_ENTRY.read(item);
    }

    static WaitlistEntry claim(Map<String, AttributeValue> item) {
        return Schemas.WAITLIST_CLAIM.read(item);
    }
}
