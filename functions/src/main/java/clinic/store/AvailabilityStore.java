package clinic.store;

import clinic.domain.Availability.Status;
import clinic.domain.Availability;
import clinic.domain.Conflicts;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.SlotLifecycle.Item;
import clinic.domain.SlotLifecycle.Operation;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.SlotLifecycle;
import clinic.domain.StaleRead;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.store.Tx.Condition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Doctors' availabilities. The item lives at the doctor's (date, slot), which is what booking
 * names; a small pointer item maps the opaque id to it, so the id survives a move. While open (or
 * held for a waiter: a live hold is filtered out when listed, an expired one is open), an
 * availability carries the keys of the sparse {@code OpenSlots} index, so listing one date's open
 * slots reads open slots only.
 */
public final class AvailabilityStore {
    static final AttributeValue OPEN = Schemas.AVAILABILITY.status.value(Status.OPEN);
    static final AttributeValue CLOSED = Schemas.AVAILABILITY.status.value(Status.CLOSED);
    static final AttributeValue BOOKED = Schemas.AVAILABILITY.status.value(Status.BOOKED);
    static final AttributeValue HELD = Schemas.AVAILABILITY.status.value(Status.HELD);

    private final Table table;

    public AvailabilityStore(Table table) {
        this.table = table;
    }

    public Optional<Availability> at(String doctorId, LocalDate date, int slotId) {
        return table.get(Keys.availability(doctorId, date, slotId)).map(AvailabilityStore::availability);
    }

    public Optional<Availability> byId(String id) {
        return table.get(Keys.availabilityPointer(id))
                .flatMap(pointer -> table.get(Schemas.AVAILABILITY_POINTER.read(pointer)))
                .map(AvailabilityStore::availability);
    }

    /**
     * Creates them all or none: 409 ALREADY_EXISTS for a (doctor, date, slot) already declared.
     * Each availability copies its slot's times, so the transaction holds only if the slot still
     * has them; if an admin changed or deleted the slot since it was read, {@link StaleRead}.
     */
    public void declare(List<Availability> availabilities) {
        declare(availabilities, Map.of(), SlotLifecycle.transition(Operation.DECLARE,
                SlotLifecycle.Subject.of(SlotLifecycle.State.ABSENT, false, Instant.EPOCH)));
    }

    /**
     * As {@link #declare(List)}, with an offer made for each availability named in {@code offers} (by
     * id) as far as DynamoDB's limits on one transaction (100 items, 4 MB) leave room, in declaration
     * order: the declaration itself is all or nothing, its offers are not. Returns the offers it left
     * out, by availability id, for the caller to make each in a write of its own ({@link #setOpen}).
     * {@code declaring}: the lifecycle's DECLARE, which guards each availability.
     */
    public Map<String, OfferStore.OfferPlan> declare(List<Availability> availabilities, Map<String, OfferStore.OfferPlan> offers,
                                                     Transition declaring) {
        return declare(availabilities, offers, declaring, tx -> {});
    }

    /**
     * As {@link #declare(List, Map, Transition)}, for the weekly pattern's fill of one doctor's date: the
     * transaction holds only while that date has not been edited by hand ({@link WorkingHoursStore}),
     * otherwise {@link StaleRead}.
     */
    public Map<String, OfferStore.OfferPlan> declareUnlessEdited(String doctorId, LocalDate date, List<Availability> availabilities,
                                                                 Map<String, OfferStore.OfferPlan> offers, Transition declaring) {
        return declare(availabilities, offers, declaring, tx -> WorkingHoursStore.notEdited(tx, doctorId, date));
    }

    private Map<String, OfferStore.OfferPlan> declare(List<Availability> availabilities, Map<String, OfferStore.OfferPlan> offers,
                                                      Transition declaring, java.util.function.Consumer<Tx> also) {
        Map<String, OfferStore.OfferPlan> carried = new LinkedHashMap<>(offers);
        Tx tx = declaration(availabilities, carried, declaring, also);
        if (!tx.fits()) {
            carried.clear();
            tx = declaration(availabilities, carried, declaring, also);
            for (Availability availability : availabilities) {
                OfferStore.OfferPlan offer = offers.get(availability.id());
                if (offer == null) {
                    continue;
                }
                carried.put(availability.id(), offer);
                Tx larger = declaration(availabilities, carried, declaring, also);
                if (!larger.fits()) {
                    carried.remove(availability.id());
                    break;
                }
                tx = larger;
            }
        }
        table.transact(tx);
        Map<String, OfferStore.OfferPlan> left = new LinkedHashMap<>(offers);
        left.keySet().removeAll(carried.keySet());
        return left;
    }

    private Tx declaration(List<Availability> availabilities, Map<String, OfferStore.OfferPlan> offers, Transition declaring,
                           java.util.function.Consumer<Tx> also) {
        Tx tx = table.transaction();
        also.accept(tx);
        for (Availability availability : availabilities) {
            OfferStore.OfferPlan offer = offers.get(availability.id());
            Map<String, AttributeValue> item = offer == null ? item(availability) : OfferStore.heldItem(key(availability), availability, offer);
            tx.put(item, Guards.on(declaring, Item.SLOT));
            tx.put(pointer(availability), Condition.absent().orReread());
        }
        holdSlots(tx, availabilities.stream().map(Availability::slot).toList());
        for (Availability availability : availabilities) {
            OfferStore.OfferPlan offer = offers.get(availability.id());
            if (offer != null) {
                OfferStore.offer(tx, offer, availability.date());
            }
        }
        return tx;
    }

    /**
     * Writes open availabilities and their id items in bulk, without conditions and without
     * counting slot uses: for loading test and benchmark data into an empty range only.
     */
    public void bulkLoad(List<Availability> availabilities) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Availability availability : availabilities) {
            items.add(item(availability));
            items.add(pointer(availability));
        }
        table.putAll(items);
    }

    /**
     * Opens or closes an availability in place, if it is still as it was read (so not booked since);
     * otherwise {@link StaleRead}. {@code change}: the lifecycle's REOPEN or CLOSE.
     */
    public void setOpen(Availability availability, boolean open, Optional<OfferStore.OfferPlan> offer, Transition change) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":nextVersion", Schemas.AVAILABILITY.version.value(availability.version() + 1)));
        String update;
        if (open) {
            OfferStore.Opening opening = OfferStore.opening(availability.date(), availability.slot().start(),
                    availability.doctor(), offer);
            update = "SET " + opening.set() + ", #version = :nextVersion REMOVE " + opening.remove();
            values.putAll(opening.values());
        } else {
            update = "SET #status = :status, #version = :nextVersion REMOVE #OpenPK, #OpenSK, "
                    + "#held_by, #held_entry, #held_entry_sk, #hold_until, #hold_offer, #passed";
            values.put(":status", CLOSED);
        }
        Tx tx = table.transaction();
        tx.update(key(availability), update, values, Guards.on(change, Item.SLOT));
        OfferStore.leaveToAnnounce(tx, change, availability.doctor().id(), availability.date(), availability.slot().id());
        offer.ifPresent(plan -> OfferStore.offer(tx, plan, availability.date()));
        table.transact(tx);
    }

    /**
     * Moves an availability to another date or slot, keeping its id, if it is still as it was read
     * and the new slot still has the times {@code to} copied; otherwise {@link StaleRead}. The
     * lifecycle's REMOVE guards the one it leaves ({@code removing}), its DECLARE the one it makes ({@code declaring}).
     */
    public void move(Availability from, Availability to, Transition removing, Transition declaring) {
        Tx tx = table.transaction();
        tx.delete(key(from), Guards.on(removing, Item.SLOT));
        OfferStore.leaveToAnnounce(tx, removing, from.doctor().id(), from.date(), from.slot().id());
        tx.put(item(to), Guards.on(declaring, Item.SLOT));
        tx.put(pointer(to));
        if (from.slot().id() != to.slot().id()) {
            releaseSlot(tx, from.slot());
            holdSlots(tx, List.of(to.slot()));
        }
        // Same slot: its times cannot have changed since it was read, because this availability has
        // held it (its use count) from its declaration to this transaction, and a used slot cannot change.
        table.transact(tx);
    }

    /** Deletes an availability if it is still as it was read (so not booked since: {@code removing}, the lifecycle's REMOVE); otherwise {@link StaleRead}. */
    public void delete(Availability availability, Transition removing) {
        Tx tx = table.transaction();
        tx.delete(key(availability), Guards.on(removing, Item.SLOT));
        OfferStore.leaveToAnnounce(tx, removing, availability.doctor().id(), availability.date(), availability.slot().id());
        tx.delete(Keys.availabilityPointer(availability.id()));
        releaseSlot(tx, availability.slot());
        table.transact(tx);
    }

    /**
     * Deletes an open slot the weekly pattern no longer names, if it is still as it was read and its
     * date has not been edited by hand since; otherwise {@link StaleRead}.
     */
    public void deleteUnlessEdited(Availability availability, Transition removing) {
        Tx tx = table.transaction();
        WorkingHoursStore.notEdited(tx, availability.doctor().id(), availability.date());
        tx.delete(key(availability), Guards.on(removing, Item.SLOT));
        OfferStore.leaveToAnnounce(tx, removing, availability.doctor().id(), availability.date(), availability.slot().id());
        tx.delete(Keys.availabilityPointer(availability.id()));
        releaseSlot(tx, availability.slot());
        table.transact(tx);
    }

    /** One date's open slots: one Query of the sparse index (bounded by the doctors of one day). */
    public List<Availability> openOn(LocalDate date) {
        return table.queryAll(QueryRequest.builder().indexName(Keys.OPEN_SLOTS)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", Keys.OPEN_PK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.openPartition(date)))))
                .stream().map(AvailabilityStore::availability).toList();
    }

    /** Which availabilities a page walks: whose, which statuses' index, which days, which way. */
    public record Walk(Optional<String> doctorId, boolean openOnly, LocalDate from, LocalDate to, LocalTime earliest,
                       boolean descending) {
        /** The open slots of every doctor: the days' partitions of {@code OpenSlots}, one Query per day walked. */
        public static Walk open(LocalDate from, LocalDate to, LocalTime earliest, boolean descending) {
            return new Walk(Optional.empty(), true, from, to, earliest, descending);
        }

        /** One doctor's open slots ({@code OpenByDoctor}), or all of them whatever their status ({@code DoctorSchedule}). */
        public static Walk ofDoctor(String doctorId, boolean openOnly, LocalDate from, LocalDate to, LocalTime earliest,
                                    boolean descending) {
            return new Walk(Optional.of(doctorId), openOnly, from, to, earliest, descending);
        }
    }

    /**
     * One page of availabilities in date, time and doctor order (or its reverse), from the index
     * the walk names; {@code keep} drops what the page should not show. See {@link IndexWalk} for the bound.
     * {@code earliest} is the first start time read on {@code from}.
     */
    public Page<Availability> page(Walk walk, Optional<String> after, PageRequest page, Predicate<Availability> keep) {
        return page(walk, after, page, read -> {}, keep);
    }

    /** As above; {@code beforeKeeping} sees each Query's availabilities before {@code keep} judges them (see {@link IndexWalk}). */
    public Page<Availability> page(Walk walk, Optional<String> after, PageRequest page,
                                   java.util.function.Consumer<List<Availability>> beforeKeeping, Predicate<Availability> keep) {
        after.ifPresent(AvailabilityStore::requirePosition);
        List<IndexWalk.Partition> partitions = new ArrayList<>();
        String sortKey;
        if (walk.doctorId().isPresent()) {
            String index = walk.openOnly() ? Keys.OPEN_BY_DOCTOR : Keys.DOCTOR_SCHEDULE;
            sortKey = walk.openOnly() ? Keys.OPEN_SK : Keys.SCHEDULE_SK;
            partitions.add(new IndexWalk.Partition(index, Keys.SLOT_DOCTOR_PK, walk.doctorId().get(), ""));
        } else {
            sortKey = Keys.OPEN_SK;
            for (LocalDate day = walk.from(); !day.isAfter(walk.to()); day = day.plusDays(1)) {
                partitions.add(new IndexWalk.Partition(Keys.OPEN_SLOTS, Keys.OPEN_PK, Keys.openPartition(day), day + "#"));
            }
        }
        return IndexWalk.walk(table, partitions, sortKey, Keys.dayTime(walk.from(), walk.earliest()), walk.to() + "#~",
                walk.descending(), after, page, items -> beforeKeeping.accept(items.stream().map(AvailabilityStore::availability).toList()),
                item -> keep.test(availability(item))).map(AvailabilityStore::availability);
    }

    /** Patients of booked availabilities, by appointment id, in one BatchGetItem. */
    public Map<String, UserRef> patientsOf(List<Availability> availabilities) {
        List<Key> keys = availabilities.stream().filter(Availability::isBooked).map(Availability::appointmentId)
                .filter(Objects::nonNull).distinct().map(Keys::appointment).toList();
        Map<String, UserRef> patients = new HashMap<>();
        if (!keys.isEmpty()) {
            table.getAll(keys).forEach(item -> patients.put(Schemas.APPOINTMENT.id.get(item), Schemas.APPOINTMENT.patient.get(item)));
        }
        return patients;
    }

    private static final Pattern POSITION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}#\\d{4}#.+");

    private static void requirePosition(String position) {
        if (!POSITION.matcher(position).matches()) {
            throw new Problem.Invalid("cursor", "is not a cursor this API issued");
        }
    }

    private static String position(Availability availability) {
        return Schemas.AvailabilityItem.position(availability);
    }

    /**
     * Counts one more use of each slot (a used slot cannot change or go), on condition that it still
     * has the times the availabilities copied: rule 8, held as the transaction commits.
     */
    private static void holdSlots(Tx tx, List<TimeSlot> slots) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        Map<Integer, TimeSlot> byId = new HashMap<>();
        for (TimeSlot slot : slots) {
            counts.merge(slot.id(), 1, Integer::sum);
            byId.put(slot.id(), slot);
        }
        counts.forEach((id, count) -> tx.update(Keys.timeSlot(id), "ADD #uses :n", Map.of(":n", Items.n(count)),
                Condition.when("#start = :start AND #end = :end", Map.of(
                        ":start", Schemas.TIME_SLOT.slot.start().value(byId.get(id).start()),
                        ":end", Schemas.TIME_SLOT.slot.end().value(byId.get(id).end())))
                        .orReread()));
    }

    /** One use fewer. The slot exists: a slot in use cannot be deleted, so only a stale read finds none. */
    private static void releaseSlot(Tx tx, TimeSlot slot) {
        tx.update(Keys.timeSlot(slot.id()), "ADD #uses :n", Map.of(":n", Items.n(-1)),
                Condition.when("attribute_exists(#PK)").orReread());
    }

    static Key key(Availability availability) {
        return Keys.availability(availability.doctor().id(), availability.date(), availability.slot().id());
    }

    static Map<String, AttributeValue> item(Availability availability) {
        return Schemas.AVAILABILITY.item(key(availability), availability);
    }

    static Map<String, AttributeValue> pointer(Availability availability) {
        return Schemas.AVAILABILITY_POINTER.item(Keys.availabilityPointer(availability.id()), key(availability));
    }

    static Availability availability(Map<String, AttributeValue> item) {
        return Schemas.AVAILABILITY.read(item);
    }
}
