package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.Offer;
import clinic.domain.TimeRange;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.domain.WaitlistEntry;
import clinic.store.Tx.Condition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
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

    /** What joining needs to know about the patient, read in one Query of their partition: the profile and their entries. */
    public record PatientSide(Optional<UserProfile> profile, List<WaitlistEntry> entries) {}

    public PatientSide patientSide(String patientId) {
        Optional<UserProfile> profile = Optional.empty();
        List<WaitlistEntry> entries = new ArrayList<>();
        for (var item : table.queryAll(QueryRequest.builder().consistentRead(true)
                .keyConditionExpression("#PK = :pk")
                .expressionAttributeNames(Map.of("#PK", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", Items.s(Keys.profile(patientId).pk()))))) {
            if (UserStore.isProfile(item)) {
                profile = Optional.of(UserStore.profile(item));
            } else if (Items.str(item, Keys.SK).startsWith(Keys.WAITLIST_CLAIM_PREFIX)) {
                entries.add(entry(item));
            }
        }
        return new PatientSide(profile, entries);
    }

    /** The patient's entries, sorted by date and then join time. */
    public List<WaitlistEntry> ofPatient(String patientId) {
        return table.queryAll(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#PK = :pk AND begins_with(#SK, :prefix)")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK, "#SK", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.profile(patientId).pk()),
                                ":prefix", Items.s(Keys.WAITLIST_CLAIM_PREFIX))))
                .stream().map(WaitlistStore::entry).toList();
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
                .flatMap(pointer -> table.get(new Key(Items.str(pointer, "target_pk"), Items.str(pointer, "target_sk"))))
                .map(WaitlistStore::entry);
    }

    /** Adds an entry, its claim and its pointer in one transaction; the claim's absence is the "only once" rule. */
    public void join(WaitlistEntry entry) {
        Tx tx = table.transaction();
        tx.put(claimItem(entry), Condition.absent()
                .orRefuse(() -> Conflicts.alreadyExists("A waitlist entry for this doctor and date")));
        tx.put(entryItem(entry), Condition.absent().orReread());
        tx.put(pointerItem(entry), Condition.absent().orReread());
        table.transact(tx);
    }

    /** Removes an entry, its claim and its pointer; if the entry went meanwhile, the caller reads again. */
    public void leave(WaitlistEntry entry) {
        Tx tx = table.transaction();
        Key key = entryKey(entry);
        tx.delete(key, Condition.when("attribute_exists(#PK)").orReread());
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
                .anyMatch(a -> a.isBooked() && a.doctor().id().equals(doctorId));
    }

    private static Key entryKey(WaitlistEntry entry) {
        return Keys.waitlistEntry(entry.doctor().id(), entry.date(), entry.joinedAt(), entry.id());
    }

    private static Map<String, AttributeValue> attributes(WaitlistEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", Items.s(entry.id()));
        Items.putUser(item, "patient", entry.patient());
        Items.putUser(item, "doctor", entry.doctor());
        item.put("date", Items.s(entry.date().toString()));
        entry.window().ifPresent(w -> {
            item.put("from_time", Items.s(w.start().toString()));
            item.put("to_time", Items.s(w.end().toString()));
        });
        item.put("joined_at", Items.s(entry.joinedAt().toString()));
        entry.offer().ifPresent(o -> {
            item.put("offer_slot", Items.n(o.slotId()));
            item.put("offer_deadline", Items.s(o.deadline().toString()));
        });
        return item;
    }

    private static Map<String, AttributeValue> entryItem(WaitlistEntry entry) {
        Map<String, AttributeValue> item = attributes(entry);
        item.putAll(entryKey(entry).toMap());
        item.put("version", Items.n(1));
        return item;
    }

    private static Map<String, AttributeValue> claimItem(WaitlistEntry entry) {
        Map<String, AttributeValue> item = attributes(entry);
        item.putAll(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()).toMap());
        item.put("target_sk", Items.s(entryKey(entry).sk()));
        return item;
    }

    private static Map<String, AttributeValue> pointerItem(WaitlistEntry entry) {
        Key target = entryKey(entry);
        Map<String, AttributeValue> item = new HashMap<>(Keys.waitlistPointer(entry.id()).toMap());
        item.put("target_pk", Items.s(target.pk()));
        item.put("target_sk", Items.s(target.sk()));
        return item;
    }

    static WaitlistEntry entry(Map<String, AttributeValue> item) {
        String from = Items.optionalStr(item, "from_time");
        Optional<TimeRange> window = from == null ? Optional.empty()
                : Optional.of(new TimeRange(LocalTime.parse(from), LocalTime.parse(Items.str(item, "to_time"))));
        String deadline = Items.optionalStr(item, "offer_deadline");
        Optional<Offer> offer = deadline == null ? Optional.empty()
                : Optional.of(new Offer((int) Items.num(item, "offer_slot"), Instant.parse(deadline)));
        return new WaitlistEntry(Items.str(item, "id"), Items.user(item, "patient"), Items.user(item, "doctor"),
                Items.date(item, "date"), window, Instant.parse(Items.str(item, "joined_at")), offer);
    }
}
