package clinic.store;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.Conflicts;
import clinic.domain.UserRef;
import clinic.domain.WaitlistEntry;
import clinic.store.Tx.Condition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Offers of a slot that opens to the first matching waiter (issue 11). An offer is written on every
 * side in the one transaction that opens the slot: the availability becomes {@code held} (it stays
 * in the open-slot indexes, where a live hold is filtered out and an expired one is simply open),
 * the entry and its claim get the offer, and the patient's lock for that date and slot names the
 * offer (so no patient holds two live offers, or an offer and a booking, at one half hour).
 * Deadlines are numbers (epoch milliseconds) so that conditions compare them: a hold whose
 * {@code hold_until} is not after now counts as expired in every condition that reads it.
 */
public final class OfferStore {
    /** Waiters read to choose from when a slot opens: one page of the queue, in join order. */
    public static final int QUEUE_PAGE = 25;

    static final String HELD = "held";
    static final String HELD_BY = "held_by";
    static final String HELD_ENTRY = "held_entry";
    static final String HELD_ENTRY_SK = "held_entry_sk";
    static final String HOLD_UNTIL = "hold_until";
    static final String PASSED = "passed";
    static final String OFFER_SLOT = "offer_slot";
    static final String OFFER_DEADLINE = "offer_deadline";
    static final String OFFER_UNTIL = "offer_until";
    static final String LOCK_OFFER = "offer";

    private final Table table;

    public OfferStore(Table table) {
        this.table = table;
    }

    /** An offer to write in the transaction that opens (or passes on) a slot: the entry chosen, the slot, the deadline, its event. */
    public record OfferPlan(WaitlistEntry entry, int slotId, Instant deadline, Outbox.Event event) {}

    /** The first page of a doctor's date's queue, in join order (bounded: {@link #QUEUE_PAGE} entries). */
    public List<WaitlistEntry> queuePage(String doctorId, LocalDate date) {
        return table.query(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("#PK = :pk")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.waitlistPartition(doctorId, date))))
                        .limit(QUEUE_PAGE))
                .items().stream().map(WaitlistStore::entry).toList();
    }

    /**
     * Which of these patients are busy at that date and slot at {@code now}: their lock exists and
     * is a booking, or a live offer. One BatchGetItem.
     */
    public Set<String> busy(List<String> patientIds, LocalDate date, int slotId, Instant now) {
        Set<String> busy = new HashSet<>();
        List<Key> keys = patientIds.stream().distinct().map(p -> Keys.patientLock(p, date, slotId)).toList();
        if (keys.isEmpty()) {
            return busy;
        }
        for (var lock : table.getAll(keys)) {
            if (lockBlocks(lock, now)) {
                busy.add(Items.str(lock, Keys.PK).substring("PATIENT#".length()));
            }
        }
        return busy;
    }

    /** A booking lock always blocks; an offer's lock only until its deadline. */
    private static boolean lockBlocks(Map<String, AttributeValue> lock, Instant now) {
        AttributeValue until = lock.get(HOLD_UNTIL);
        return until == null || Long.parseLong(until.n()) > now.toEpochMilli();
    }

    /** The lock item of a patient at a date and slot, if any. */
    public Optional<Lock> lock(String patientId, LocalDate date, int slotId) {
        return table.get(Keys.patientLock(patientId, date, slotId)).map(item -> new Lock(
                Items.optionalStr(item, "appointment"), Items.optionalStr(item, LOCK_OFFER),
                item.containsKey(HOLD_UNTIL) ? Instant.ofEpochMilli(Items.num(item, HOLD_UNTIL)) : null));
    }

    /** A patient's lock at one date and slot: a booking's ({@code appointment}) or an offer's ({@code offer}, {@code until}). */
    public record Lock(String appointment, String offer, Instant until) {}

    // ---- the parts of the transactions that open a slot ----

    /**
     * How the availability's update opens it: {@code held} for the planned offer, else {@code open};
     * either way it carries the open-slot index keys. Used by cancel, reschedule away and reopen.
     */
    record Opening(String set, String remove, Map<String, AttributeValue> values) {}

    static Opening opening(LocalDate date, LocalTime start, UserRef doctor, Optional<OfferPlan> offer) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":openPk", Items.s(Keys.openPartition(date)));
        values.put(":openSk", Items.s(Keys.slotPosition(date, start, doctor.name(), doctor.id())));
        String indexed = "#OpenPK = :openPk, #OpenSK = :openSk";
        if (offer.isEmpty()) {
            values.put(":opened", Items.s(AvailabilityStore.OPEN));
            return new Opening("#status = :opened, " + indexed,
                    "#held_by, #held_entry, #held_entry_sk, #hold_until, #passed", values);
        }
        holdValues(values, offer.get());
        values.put(":holding", Items.s(HELD));
        return new Opening("#status = :holding, " + indexed + ", " + HOLD_SET, "#passed", values);
    }

    private static final String HOLD_SET =
            "#held_by = :heldBy, #held_entry = :heldEntry, #held_entry_sk = :heldEntrySk, #hold_until = :holdUntil";

    private static void holdValues(Map<String, AttributeValue> values, OfferPlan offer) {
        values.put(":heldBy", Items.s(offer.entry().patient().id()));
        values.put(":heldEntry", Items.s(offer.entry().id()));
        values.put(":heldEntrySk", Items.s(entryKey(offer.entry()).sk()));
        values.put(":holdUntil", Items.n(offer.deadline().toEpochMilli()));
    }

    /** The hold's attributes on an availability item written whole (declare). */
    static void putHold(Map<String, AttributeValue> item, OfferPlan offer) {
        item.put("status", Items.s(HELD));
        item.put(HELD_BY, Items.s(offer.entry().patient().id()));
        item.put(HELD_ENTRY, Items.s(offer.entry().id()));
        item.put(HELD_ENTRY_SK, Items.s(entryKey(offer.entry()).sk()));
        item.put(HOLD_UNTIL, Items.n(offer.deadline().toEpochMilli()));
    }

    /**
     * The waiter's side of an offer: the entry and its claim get it, if the entry is still there
     * with no live offer; the patient's lock at that date and slot names it, if they hold neither a
     * booking nor a live offer there. Any of these failing means someone moved first: read again
     * and choose again. And the {@code waitlist.offered} event.
     */
    static void offer(Tx tx, OfferPlan offer, LocalDate date, Instant now) {
        Map<String, AttributeValue> values = Map.of(":slot", Items.n(offer.slotId()),
                ":deadline", Items.s(offer.deadline().toString()), ":until", Items.n(offer.deadline().toEpochMilli()));
        String set = "SET #offer_slot = :slot, #offer_deadline = :deadline, #offer_until = :until";
        Condition.When free = Condition.when("attribute_exists(#PK) AND (attribute_not_exists(#offer_until) OR #offer_until <= :now)",
                Map.of(":now", Items.n(now.toEpochMilli())));
        WaitlistEntry entry = offer.entry();
        tx.update(entryKey(entry), set + " ADD #version :one", with(values, ":one", Items.n(1)), free.orReread());
        tx.update(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()), set, values, free.orReread());
        Map<String, AttributeValue> lock = new HashMap<>(Keys.patientLock(entry.patient().id(), date, offer.slotId()).toMap());
        lock.put(LOCK_OFFER, Items.s(entry.id()));
        lock.put(HOLD_UNTIL, Items.n(offer.deadline().toEpochMilli()));
        tx.put(lock, lockFree(now).orReread());
        Outbox.add(tx, offer.event());
    }

    /** A patient's lock at a date and slot may be written: there is none, or only an offer's whose deadline passed. */
    static Condition.When lockFree(Instant now) {
        return Condition.when("attribute_not_exists(#PK) OR #hold_until <= :lockNow", Map.of(":lockNow", Items.n(now.toEpochMilli())));
    }

    // ---- accepting, and passing an offer on ----

    /**
     * The waiter accepts: in one transaction the held availability becomes booked by
     * {@code appointment} (if still held for this entry and not past its deadline), the offer's lock
     * becomes the booking's, the appointment is written, and the entry, claim and pointer go.
     */
    public void accept(WaitlistEntry entry, Appointment appointment, Instant now, Outbox.Event event) {
        Tx tx = table.transaction();
        Key availability = Keys.availability(appointment.doctor().id(), appointment.date(), appointment.slot().id());
        long until = entry.offer().orElseThrow().deadline().toEpochMilli();
        tx.update(availability,
                "SET #status = :booked, #appointment = :id REMOVE #OpenPK, #OpenSK, #held_by, #held_entry, #held_entry_sk, "
                        + "#hold_until, #passed ADD #version :one",
                Map.of(":booked", Items.s(AvailabilityStore.BOOKED), ":id", Items.s(appointment.id()), ":one", Items.n(1)),
                Condition.when("#status = :held AND #held_entry = :entry AND #hold_until > :now", Map.of(
                        ":held", Items.s(HELD), ":entry", Items.s(entry.id()), ":now", Items.n(now.toEpochMilli())))
                        .orElse(current -> expiredHold(current, entry.id(), now) ? Conflicts.offerExpired() : Conflicts.noOffer()));
        AppointmentStore.bookedSide(tx, appointment, Condition.when("#offer = :entry AND #hold_until = :until",
                        Map.of(":entry", Items.s(entry.id()), ":until", Items.n(until)))
                .orElse(current -> current.containsKey("appointment") ? Conflicts.patientBusy() : Conflicts.noOffer()));
        tx.delete(entryKey(entry), Condition.when("attribute_exists(#PK)").orRefuse(Conflicts::noOffer));
        tx.delete(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()));
        tx.delete(Keys.waitlistPointer(entry.id()));
        Outbox.add(tx, event);
        table.transact(tx);
    }

    private static boolean expiredHold(Map<String, AttributeValue> current, String entryId, Instant now) {
        return HELD.equals(Items.optionalStr(current, "status")) && entryId.equals(Items.optionalStr(current, HELD_ENTRY))
                && current.containsKey(HOLD_UNTIL) && Items.num(current, HOLD_UNTIL) <= now.toEpochMilli();
    }

    /**
     * The hold of {@code held} (for {@code from}, at the deadline it was read with) passes on, in one
     * transaction: to {@code next}, or the slot opens to everyone. The old offer is taken off its
     * entry and claim (if the entry is still there: {@code fromEntry}) and its lock (if the lock is
     * still the offer's: {@code fromLock}); {@code expired} announces it.
     */
    public void passOn(Availability held, Optional<WaitlistEntry> fromEntry, boolean fromLock, Optional<OfferPlan> next,
                       Instant now, Outbox.Event expired) {
        Availability.Hold hold = held.hold().orElseThrow();
        Tx tx = table.transaction();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":entry", Items.s(hold.entryId()),
                ":until", Items.n(hold.until().toEpochMilli()), ":one", Items.n(1)));
        String update;
        if (next.isPresent()) {
            holdValues(values, next.get());
            values.put(":passed", AttributeValue.fromSs(List.of(hold.entryId())));
            update = "SET " + HOLD_SET + " ADD #version :one, #passed :passed";
        } else {
            values.put(":opened", Items.s(AvailabilityStore.OPEN));
            update = "SET #status = :opened REMOVE #held_by, #held_entry, #held_entry_sk, #hold_until, #passed ADD #version :one";
        }
        tx.update(AvailabilityStore.key(held), update, values,
                Condition.when("#status = :heldStatus AND #held_entry = :entry AND #hold_until = :until",
                        Map.of(":heldStatus", Items.s(HELD))).orReread());
        fromEntry.ifPresent(entry -> withdraw(tx, entry, hold.until()));
        if (fromLock) {
            tx.delete(Keys.patientLock(hold.patientId(), held.date(), held.slot().id()), offersLock(hold.entryId(), hold.until()));
        }
        Outbox.add(tx, expired);
        next.ifPresent(plan -> offer(tx, plan, held.date(), now));
        table.transact(tx);
    }

    /**
     * What a late or duplicate timer leaves behind once the hold went elsewhere: the entry's stale
     * offer and the offer's lock, each removed only if it is still that offer's.
     */
    public void clearStale(Optional<WaitlistEntry> entry, Optional<Key> lock, String entryId, Instant until) {
        Tx tx = table.transaction();
        entry.ifPresent(e -> withdraw(tx, e, until));
        lock.ifPresent(key -> tx.delete(key, offersLock(entryId, until)));
        if (!tx.items().isEmpty()) {
            table.transact(tx);
        }
    }

    /** The key of a patient's lock, for {@link #clearStale}. */
    public static Key lockKey(String patientId, LocalDate date, int slotId) {
        return Keys.patientLock(patientId, date, slotId);
    }

    private static Condition offersLock(String entryId, Instant until) {
        return Condition.when("#offer = :lockEntry AND #hold_until = :lockUntil",
                Map.of(":lockEntry", Items.s(entryId), ":lockUntil", Items.n(until.toEpochMilli()))).orReread();
    }

    /** Takes an offer off an entry and its claim, if it is still that offer. */
    private static void withdraw(Tx tx, WaitlistEntry entry, Instant until) {
        Condition still = Condition.when("#offer_until = :oldUntil", Map.of(":oldUntil", Items.n(until.toEpochMilli()))).orReread();
        tx.update(entryKey(entry), "REMOVE #offer_slot, #offer_deadline, #offer_until ADD #version :one",
                Map.of(":one", Items.n(1)), still);
        tx.update(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()),
                "REMOVE #offer_slot, #offer_deadline, #offer_until", Map.of(), still);
    }

    static Key entryKey(WaitlistEntry entry) {
        return Keys.waitlistEntry(entry.doctor().id(), entry.date(), entry.joinedAt(), entry.id());
    }

    /** The hold an availability item carries, if held. */
    static Optional<Availability.Hold> hold(Map<String, AttributeValue> item) {
        if (!HELD.equals(Items.optionalStr(item, "status"))) {
            return Optional.empty();
        }
        AttributeValue passed = item.get(PASSED);
        return Optional.of(new Availability.Hold(Items.str(item, HELD_BY), Items.str(item, HELD_ENTRY),
                Instant.ofEpochMilli(Items.num(item, HOLD_UNTIL)),
                passed == null || !passed.hasSs() ? Set.of() : new HashSet<>(passed.ss())));
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> values, String name, AttributeValue value) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(name, value);
        return all;
    }
}
