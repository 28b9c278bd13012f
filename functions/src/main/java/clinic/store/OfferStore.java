package clinic.store;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.PatientLock;
import clinic.domain.SlotLifecycle.Item;
import clinic.domain.SlotLifecycle.Next;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.TimeSlot;
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

    private final Table table;

    public OfferStore(Table table) {
        this.table = table;
    }

    /**
     * An offer to write in the transaction that opens (or passes on) a slot: the entry chosen, the
     * slot, the deadline, its event, the id of this occurrence (written on every side of it), and
     * the lifecycle's OFFER transition that guards the waiter's side.
     */
    public record OfferPlan(WaitlistEntry entry, int slotId, Instant deadline, Outbox.Event event, String offerId,
                            Transition offering) {}

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
        return !Schemas.OFFER_LOCK.holds(lock) || Schemas.OFFER_LOCK.read(lock).until().isAfter(now);
    }

    /** The lock item of a patient at a date and slot, if any. */
    public Optional<PatientLock> lock(String patientId, LocalDate date, int slotId) {
        return table.get(Keys.patientLock(patientId, date, slotId)).map(Guards::lock);
    }

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
            values.put(":opened", AvailabilityStore.OPEN);
            return new Opening("#status = :opened, " + indexed,
                    "#held_by, #held_entry, #held_entry_sk, #hold_until, #hold_offer, #passed", values);
        }
        holdValues(values, offer.get());
        values.put(":holding", AvailabilityStore.HELD);
        return new Opening("#status = :holding, " + indexed + ", " + HOLD_SET, "#passed", values);
    }

    private static final String HOLD_SET = "#held_by = :heldBy, #held_entry = :heldEntry, #held_entry_sk = :heldEntrySk, "
            + "#hold_until = :holdUntil, #hold_offer = :holdOffer";

    private static void holdValues(Map<String, AttributeValue> values, OfferPlan offer) {
        var availability = Schemas.AVAILABILITY;
        values.put(":heldBy", availability.heldBy.value(offer.entry().patient().id()));
        values.put(":heldEntry", availability.heldEntry.value(offer.entry().id()));
        values.put(":heldEntrySk", availability.heldEntrySk.value(entryKey(offer.entry()).sk()));
        values.put(":holdUntil", availability.holdUntil.value(offer.deadline()));
        values.put(":holdOffer", availability.holdOffer.value(offer.offerId()));
    }

    /** The availability as held for the planned offer, with the held entry's sort key: an item written whole (declare). */
    static Map<String, AttributeValue> heldItem(Key key, Availability availability, OfferPlan offer) {
        Availability held = new Availability(availability.id(), availability.doctor(), availability.date(), availability.slot(),
                Availability.Status.HELD, null, availability.version(), Optional.of(new Availability.Hold(
                        offer.entry().patient().id(), offer.entry().id(), offer.deadline(), Set.of(), offer.offerId())));
        Map<String, AttributeValue> item = Schemas.AVAILABILITY.item(key, held);
        Schemas.AVAILABILITY.heldEntrySk.put(item, entryKey(offer.entry()).sk());
        return item;
    }

    /**
     * The waiter's side of an offer, as its OFFER transition guards it: the entry and its claim get
     * it, if the entry is still there with no live offer; the patient's lock at that date and slot
     * names it, if they hold neither a booking nor a live offer there. Any of these failing means
     * someone moved first: read again and choose again. And the {@code waitlist.offered} event.
     */
    static void offer(Tx tx, OfferPlan offer, LocalDate date) {
        var waiter = Schemas.WAITLIST_ENTRY;
        Map<String, AttributeValue> values = Map.of(":slot", waiter.offerSlot.value(offer.slotId()),
                ":deadline", waiter.offerDeadline.value(offer.deadline()), ":until", waiter.offerUntil.value(offer.deadline()),
                ":offerId", waiter.offerId.value(offer.offerId()));
        String set = "SET #offer_slot = :slot, #offer_deadline = :deadline, #offer_until = :until, #offer_id = :offerId";
        WaitlistEntry entry = offer.entry();
        tx.update(entryKey(entry), set + " ADD #version :one", with(values, ":one", Items.n(1)), Guards.on(offer.offering(), Item.ENTRY));
        // The claim carries the entry's offer, written with it in every transaction: the entry's guard is the claim's too.
        tx.update(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()), set, values);
        tx.put(Schemas.OFFER_LOCK.item(Keys.patientLock(entry.patient().id(), date, offer.slotId()),
                new Schemas.OfferLock(entry.id(), offer.deadline(), offer.offerId())), Guards.on(offer.offering(), Item.LOCK));
        Outbox.add(tx, offer.event());
    }

    // ---- accepting, and passing an offer on ----

    /**
     * The waiter accepts, as {@code accepting} (the lifecycle's ACCEPT) guards it: in one transaction
     * the held availability becomes booked by {@code appointment} (if still held by this occurrence
     * and not past its deadline), the offer's lock becomes the booking's, the appointment is
     * written, and the entry, claim and pointer go.
     */
    public void accept(WaitlistEntry entry, Appointment appointment, Outbox.Event event, Transition accepting) {
        Tx tx = table.transaction();
        Key availability = Keys.availability(appointment.doctor().id(), appointment.date(), appointment.slot().id());
        tx.update(availability,
                "SET #status = :booked, #appointment = :id REMOVE #OpenPK, #OpenSK, #held_by, #held_entry, #held_entry_sk, "
                        + "#hold_until, #hold_offer, #passed ADD #version :one",
                Map.of(":booked", AvailabilityStore.BOOKED, ":id", Schemas.AVAILABILITY.appointment.value(appointment.id()),
                        ":one", Items.n(1)),
                Guards.on(accepting, Item.SLOT));
        AppointmentStore.bookedSide(tx, appointment, accepting);
        tx.delete(entryKey(entry), Guards.on(accepting, Item.ENTRY));
        tx.delete(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()));
        tx.delete(Keys.waitlistPointer(entry.id()));
        Outbox.add(tx, event);
        table.transact(tx);
    }

    /**
     * The hold of {@code held} passes on, in one transaction, as {@code ending} (the lifecycle's
     * DECLINE or EXPIRE of that occurrence) guards it: to {@code next}, or the slot opens to
     * everyone. The old offer is taken off its entry and claim (if the entry is still there:
     * {@code fromEntry}) and its lock (if the lock is still the offer's: {@code fromLock});
     * {@code expired} announces it.
     */
    public void passOn(Availability held, Optional<WaitlistEntry> fromEntry, boolean fromLock, Optional<OfferPlan> next,
                       Outbox.Event expired, Transition ending) {
        Availability.Hold hold = held.hold().orElseThrow();
        if (ending.next() == Next.CLOSED && next.isPresent()) {
            throw new IllegalArgumentException("a slot that closes as its offer ends is passed on to no one");
        }
        Tx tx = table.transaction();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", Items.n(1)));
        String update;
        if (ending.next() == Next.CLOSED) {
            // Its date has time off: the hold ends closed, passed on to no one.
            values.put(":closed", AvailabilityStore.CLOSED);
            update = "SET #status = :closed REMOVE #OpenPK, #OpenSK, #held_by, #held_entry, #held_entry_sk, #hold_until, "
                    + "#hold_offer, #passed ADD #version :one";
        } else if (next.isPresent()) {
            holdValues(values, next.get());
            values.put(":passed", Schemas.AVAILABILITY.passed.value(Set.of(hold.entryId())));
            update = "SET " + HOLD_SET + " ADD #version :one, #passed :passed";
        } else {
            values.put(":opened", AvailabilityStore.OPEN);
            update = "SET #status = :opened REMOVE #held_by, #held_entry, #held_entry_sk, #hold_until, #hold_offer, #passed "
                    + "ADD #version :one";
        }
        tx.update(AvailabilityStore.key(held), update, values, Guards.on(ending, Item.SLOT));
        WorkingHoursStore.guardDay(tx, ending, held.doctor().id(), held.date());
        fromEntry.ifPresent(entry -> withdraw(tx, entry, ending));
        if (fromLock) {
            tx.delete(Keys.patientLock(hold.patientId(), held.date(), held.slot().id()), Guards.on(ending, Item.LOCK));
        }
        Outbox.add(tx, expired);
        next.ifPresent(plan -> offer(tx, plan, held.date()));
        table.transact(tx);
    }

    /**
     * What a timer (or the sweep) finds left of an offer once its hold went elsewhere without passing
     * on (booked directly after its deadline, or closed, moved or deleted by its doctor): the entry's
     * lapsed offer and the offer's lock, each removed only if it is still that occurrence's
     * ({@code ending}: the lifecycle's EXPIRE). Taking the offer off its entry ends it, so that write
     * announces it ({@code expired}): a pass-on takes it off in the same transaction as its own
     * announcement, so each occurrence is announced once.
     */
    public void clearStale(Optional<WaitlistEntry> entry, Optional<Key> lock, Outbox.Event expired, Transition ending) {
        Tx tx = table.transaction();
        entry.ifPresent(e -> {
            withdraw(tx, e, ending);
            // Only a slot deleted with its time slot leaves no times to announce it with.
            if (expired != null) {
                Outbox.add(tx, expired);
            }
        });
        lock.ifPresent(key -> tx.delete(key, Guards.on(ending, Item.LOCK)));
        if (!tx.items().isEmpty()) {
            table.transact(tx);
        }
    }

    /**
     * Leaves {@code ending}'s lapsed offer, if it takes one without passing it on, for the sweep to
     * announce (its timer may never come): one item more in the transaction that takes the hold.
     */
    static void leaveToAnnounce(Tx tx, Transition ending, String doctorId, LocalDate date, int slotId) {
        ending.unannounced().ifPresent(hold -> tx.put(Schemas.UNANNOUNCED_OFFER.item(Keys.unannouncedOffer(hold.offerId()),
                new Unannounced(doctorId, date, slotId, hold.patientId(), hold.entryId(), hold.until(), hold.offerId()))));
    }

    /** A lapsed offer taken without passing on, as {@link #leaveToAnnounce} left it: the timer's input, in effect. */
    public record Unannounced(String doctorId, LocalDate date, int slotId, String patientId, String entryId, Instant until,
                              String offerId) {}

    /** At most {@code limit} of the lapsed offers left to announce. One Query of their partition. */
    public List<Unannounced> unannounced(int limit) {
        return table.query(QueryRequest.builder()
                        .keyConditionExpression("#PK = :pk")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.UNANNOUNCED_OFFERS)))
                        .limit(limit))
                .items().stream().map(Schemas.UNANNOUNCED_OFFER::read).toList();
    }

    /** Done with one: its end is announced, or there was nothing left of it to announce. */
    public void announced(Unannounced offer) {
        table.delete(Keys.unannouncedOffer(offer.offerId()));
    }

    /** A time slot by id, for announcing an offer whose availability is gone. */
    public Optional<TimeSlot> slot(int id) {
        return table.get(Keys.timeSlot(id)).map(TimeSlotStore::slot);
    }

    /** A position in the sweep's walk of lapsed holds: the last item's keys, as the index returned them. */
    public record Position(Map<String, AttributeValue> key) {}

    /** A page of held availabilities whose deadline passed, oldest first, and where the next page starts. */
    public record Lapsed(List<Availability> holds, Optional<Position> next) {}

    /**
     * Held availabilities whose deadline is not after {@code now}, oldest deadline first: one Query of
     * the sparse {@code HoldsByDeadline} index (only a held availability has both its keys), at most
     * {@code limit} items. Eventually consistent, as every index: each is read again before it is acted on.
     */
    public Lapsed lapsedHolds(Instant now, int limit, Optional<Position> after) {
        QueryRequest.Builder query = QueryRequest.builder().indexName(Keys.HOLDS_BY_DEADLINE)
                .keyConditionExpression("#status = :held AND #hold_until <= :now")
                .expressionAttributeNames(Map.of("#status", Schemas.AVAILABILITY.status.name(),
                        "#hold_until", Schemas.AVAILABILITY.holdUntil.name()))
                .expressionAttributeValues(Map.of(":held", AvailabilityStore.HELD, ":now", Schemas.AVAILABILITY.holdUntil.value(now)))
                .limit(limit);
        after.ifPresent(position -> query.exclusiveStartKey(position.key()));
        var page = table.query(query);
        Optional<Position> next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? Optional.of(new Position(page.lastEvaluatedKey())) : Optional.empty();
        return new Lapsed(page.items().stream().map(Schemas.AVAILABILITY::read).toList(), next);
    }

    /** The key of a patient's lock, for {@link #clearStale}. */
    public static Key lockKey(String patientId, LocalDate date, int slotId) {
        return Keys.patientLock(patientId, date, slotId);
    }

    /** Takes an offer off an entry and its claim, if it is still that occurrence. */
    private static void withdraw(Tx tx, WaitlistEntry entry, Transition ending) {
        tx.update(entryKey(entry), "REMOVE #offer_slot, #offer_deadline, #offer_until, #offer_id ADD #version :one",
                Map.of(":one", Items.n(1)), Guards.on(ending, Item.ENTRY));
        // The claim carries the entry's offer, written with it in every transaction: the entry's guard is the claim's too.
        tx.update(Keys.waitlistClaim(entry.patient().id(), entry.doctor().id(), entry.date()),
                "REMOVE #offer_slot, #offer_deadline, #offer_until, #offer_id", Map.of());
    }

    static Key entryKey(WaitlistEntry entry) {
        return Schemas.WaitlistFields.entryKey(entry);
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> values, String name, AttributeValue value) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(name, value);
        return all;
    }
}
