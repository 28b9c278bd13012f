package clinic.offers;

import clinic.domain.Appointment.Status;
import clinic.domain.Actor;
import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.BookingEvent;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Conflicts;
import clinic.domain.Ids;
import clinic.domain.Offer;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.SlotLifecycle.Next;
import clinic.domain.SlotLifecycle.Occurrence;
import clinic.domain.SlotLifecycle.Operation;
import clinic.domain.SlotLifecycle.State;
import clinic.domain.SlotLifecycle.Subject;
import clinic.domain.SlotLifecycle.TimeOffFound;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.SlotLifecycle;
import clinic.domain.StaleRead;
import clinic.domain.TimeSlot;
import clinic.domain.Waitlist;
import clinic.domain.WaitlistEntry;
import clinic.domain.WaitlistEvent;
import clinic.http.Json;
import clinic.store.AvailabilityStore;
import clinic.store.OfferStore.OfferPlan;
import clinic.store.OfferStore;
import clinic.store.Outbox;
import clinic.store.WaitlistStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Offers of opened slots to waiters: choosing who is offered a slot (for the transactions that open
 * one), accepting, declining, and passing an offer on at its deadline. The store's conditions make
 * each of these hold under races; the reads here choose the waiter and the clear 4xx.
 */
public final class OfferService {
    private final OfferStore store;
    private final WaitlistStore waitlist;
    private final AvailabilityStore availabilities;
    private final ClinicClock clock;
    private final Duration holdFor;

    public OfferService(OfferStore store, WaitlistStore waitlist, AvailabilityStore availabilities, ClinicClock clock,
                        int offerMinutes) {
        this.store = store;
        this.waitlist = waitlist;
        this.availabilities = availabilities;
        this.clock = clock;
        this.holdFor = Duration.ofMinutes(offerMinutes);
    }

    /**
     * What the timer that passes an offer on at its deadline is given: which hold, of whom, until
     * when, and which occurrence of an offer ({@code offer}; a timer set before offers had ids has
     * none, and its offer is named by its deadline).
     */
    public record Deadline(String doctor, String date, int slot, String entry, String patient, long until, String offer) {
        public Deadline {
            offer = offer == null || offer.isBlank() ? Offer.legacyId(Instant.ofEpochMilli(until)) : offer;
        }
    }

    /** What a timer found: the offer passed on or cleared, still live (the timer came early), or nothing left of it. */
    public enum Expiry { PASSED_ON, CLEARED, STILL_LIVE, GONE }

    /**
     * The offer to make in the transaction that opens {@code slot} of the doctor on {@code date}, if a
     * waiter wants it: the first, in join order, among one page of the queue, who wants that time, holds
     * no live offer, is not busy then, and is not in {@code skip} (entries it already passed, or that
     * this request offers another slot). Reads one Query and, if anyone wants it, one BatchGetItem.
     */
    public Optional<OfferPlan> forOpening(String doctorId, LocalDate date, TimeSlot slot, Set<String> skip) {
        if (clock.hasStarted(date, slot.start())) {
            return Optional.empty();
        }
        return forOpening(queueOf(doctorId, date), slot, skip);
    }

    /** One page of a doctor's date's queue, read once for the slots of that date opening in one write. */
    public record Queue(String doctorId, LocalDate date, List<WaitlistEntry> page) {}

    public Queue queueOf(String doctorId, LocalDate date) {
        return new Queue(doctorId, date, store.queuePage(doctorId, date));
    }

    /**
     * As {@link #forOpening(String, LocalDate, TimeSlot, Set)}, from a queue page already read (a
     * declaration or a weekly pattern's fill opens many slots of one date): no Query, and a
     * BatchGetItem only if someone wants the slot.
     */
    public Optional<OfferPlan> forOpening(Queue queue, TimeSlot slot, Set<String> skip) {
        if (clock.hasStarted(queue.date(), slot.start())) {
            return Optional.empty();
        }
        Instant now = clock.now();
        LocalDate date = queue.date();
        List<WaitlistEntry> candidates = queue.page().stream()
                .filter(e -> e.wants(slot) && !e.hasLiveOffer(now) && !skip.contains(e.id())).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Set<String> busy = store.busy(candidates.stream().map(e -> e.patient().id()).toList(), date, slot.id(), now);
        return Waitlist.nextFor(slot, candidates, busy, now).map(entry -> plan(entry, slot, now));
    }

    private OfferPlan plan(WaitlistEntry entry, TimeSlot slot, Instant now) {
        // Milliseconds: the precision the conditions compare deadlines at.
        Instant deadline = Offer.deadline(now, holdFor, clock.at(entry.date(), slot.start()).toInstant())
                .truncatedTo(ChronoUnit.MILLIS);
        // A new occurrence, whatever it shares with an earlier offer (the same waiter, slot and capped deadline).
        Offer offer = new Offer(slot.id(), deadline, Offer.newId());
        WaitlistEvent event = WaitlistEvent.offered(entry.offered(offer), slot, deadline, offer.id(), now);
        // The slot is offered as it opens: open, and not started (forOpening checked).
        Transition offering = SlotLifecycle.transition(Operation.OFFER, Subject.of(State.OPEN, false, now));
        return new OfferPlan(entry, slot.id(), deadline, announce(event), offer.id(), offering);
    }

    /** The timer's input for an offer just made. */
    public static Deadline deadlineOf(OfferPlan plan, LocalDate date) {
        return new Deadline(plan.entry().doctor().id(), date.toString(), plan.slotId(), plan.entry().id(),
                plan.entry().patient().id(), plan.deadline().toEpochMilli(), plan.offerId());
    }

    /**
     * The waiter takes the slot: one write makes the appointment and removes the entry. After the
     * deadline: 409 OFFER_EXPIRED; without an offer: 409 NO_OFFER; busy then elsewhere: 409
     * PATIENT_BUSY, and the offer passes on.
     */
    public Appointment accept(Caller caller, String entryId) {
        caller.require(Role.PATIENT);
        return StaleRead.retrying(() -> {
            WaitlistEntry entry = own(caller, entryId);
            Offer offer = entry.offer().orElseThrow(Conflicts::noOffer);
            Instant now = clock.now();
            if (!offer.isLive(now)) {
                throw Conflicts.offerExpired();
            }
            Decided accepting = decided(Operation.ACCEPT, entry, offer);
            Availability held = accepting.slot();
            Appointment appointment = new Appointment(UUID.randomUUID().toString(), entry.patient(), held.doctor(),
                    held.date(), held.slot(), Status.BOOKED, now, 0, Appointment.Trail.bookedBy(Actor.of(caller)));
            try {
                store.accept(entry, appointment, announce(BookingEvent.booked(
                        new Appointment(appointment.id(), appointment.patient(), appointment.doctor(), appointment.date(),
                                appointment.slot(), appointment.status(), appointment.createdAt(), 1, appointment.trail()), caller.id(), now)),
                        accepting.transition());
            } catch (Problem.Conflict busy) {
                if (busy.code().equals("PATIENT_BUSY")) {
                    passOnIfStillLive(held, Occurrence.of(entry.id(), offer), Optional.of(entry), "declined");
                }
                throw busy;
            }
            return appointment;
        });
    }

    /** The waiter turns the offer down: it passes to the next matching waiter, or the slot opens to everyone. The entry stays. */
    public void decline(Caller caller, String entryId) {
        caller.require(Role.PATIENT);
        // The offer declined is the one first read: if a race ends it and a new one comes meanwhile
        // (its timer passed it on, another slot's pass-on offers this entry), the new one is not declined unseen.
        java.util.concurrent.atomic.AtomicReference<String> declined = new java.util.concurrent.atomic.AtomicReference<>();
        StaleRead.retry(() -> {
            WaitlistEntry entry = own(caller, entryId);
            Offer offer = entry.offer().orElseThrow(Conflicts::noOffer);
            if (!declined.compareAndSet(null, offer.id()) && !declined.get().equals(offer.id())) {
                throw Conflicts.offerExpired();
            }
            if (!offer.isLive(clock.now())) {
                throw Conflicts.offerExpired();
            }
            Decided declining = decided(Operation.DECLINE, entry, offer);
            passOn(declining.slot(), Optional.of(entry), "declined", declining.transition());
        });
    }

    /** Gives up the entry's live offer, if any, before it leaves the waitlist. */
    public void release(WaitlistEntry entry) {
        Instant now = clock.now();
        entry.offer().filter(o -> o.isLive(now)).ifPresent(offer -> heldFor(entry, offer)
                .ifPresent(held -> passOnIfStillLive(held, Occurrence.of(entry.id(), offer), Optional.of(entry), "left")));
    }

    /**
     * Declines the occurrence's hold of {@code held} on the waiter's behalf, if it is still live;
     * one that lapsed meanwhile is its timer's (or the sweep's) to pass on.
     */
    private void passOnIfStillLive(Availability held, Occurrence offer, Optional<WaitlistEntry> from, String reason) {
        try {
            passOn(held, from, reason, ending(Operation.DECLINE, held, offer));
        } catch (Problem.Conflict lapsed) {
            // The decision refused it (lapsed since the read), or the write found it gone: nothing to give up.
        }
    }

    /**
     * The timer at an offer's deadline (or the sweep, for a timer that never came): if the hold is
     * still that occurrence's and past its deadline, it passes on; if it went elsewhere already, what
     * is left of the offer (on the entry, the lock) is cleared, and, if the offer was still on its
     * entry, announced as ended. Idempotent: a late or repeated timer changes nothing it should not;
     * an early one changes nothing and says so ({@link Expiry#STILL_LIVE}), for the timer to re-arm.
     */
    public Expiry expire(Deadline deadline) {
        return StaleRead.retrying(() -> {
            Instant until = Instant.ofEpochMilli(deadline.until());
            LocalDate date = LocalDate.parse(deadline.date());
            Optional<WaitlistEntry> entry = waitlist.byId(deadline.entry()).filter(e -> holds(e, deadline.offer()));
            Optional<Availability> at = availabilities.at(deadline.doctor(), date, deadline.slot());
            Optional<Availability> held = at.filter(a -> a.status() == Availability.Status.HELD
                    && a.hold().map(h -> h.isOffer(deadline.entry(), deadline.offer())).orElse(false));
            Occurrence offer = new Occurrence(deadline.entry(), deadline.offer(), until);
            if (held.isPresent()) {
                Transition expiring = ending(Operation.EXPIRE, held.get(), offer);
                if (expiring.next() == Next.REARMED) {
                    return Expiry.STILL_LIVE;
                }
                passOn(held.get(), entry, "deadline", expiring);
                return Expiry.PASSED_ON;
            }
            boolean lockIsTheOffers = store.lock(deadline.patient(), date, deadline.slot())
                    .map(l -> l.isOffer(deadline.entry(), deadline.offer())).orElse(false);
            if (entry.isEmpty() && !lockIsTheOffers) {
                return Expiry.GONE;
            }
            Instant now = clock.now();
            // The event carries the slot's times: the availability's, or the catalog's if it was deleted since.
            Optional<TimeSlot> slot = at.map(Availability::slot).or(() -> store.slot(deadline.slot()));
            Optional<Outbox.Event> ended = entry.flatMap(e -> slot.map(s -> announce(WaitlistEvent.expired(e, s, until,
                    deadline.offer(), "deadline", now))));
            // The hold went elsewhere: EXPIRE leaves the slot as it is, and guards what is left of this occurrence.
            Transition expiring = SlotLifecycle.transition(Operation.EXPIRE,
                    Subject.of(at, at.map(this::started).orElse(false), now).of(offer));
            store.clearStale(entry, lockIsTheOffers ? Optional.of(OfferStore.lockKey(deadline.patient(), date, deadline.slot()))
                    : Optional.empty(), ended.orElse(null), expiring);
            return Expiry.CLEARED;
        });
    }

    /**
     * The sweep (issue 18, §3): passes on every hold whose deadline passed and whose timer did not,
     * oldest first, a page at a time, at most {@code pages} pages of {@code pageSize}; each as its
     * timer would ({@link #expire}), so a sweep racing a timer, a booking or another sweep is harmless.
     * Then it announces up to {@code pageSize} lapsed offers whose hold was taken without passing on
     * (the timer's work too, should it never come). Returns how many it passed on.
     */
    public int sweep(int pageSize, int pages) {
        int passed = 0;
        Optional<OfferStore.Position> after = Optional.empty();
        for (int page = 0; page < pages; page++) {
            OfferStore.Lapsed lapsed = store.lapsedHolds(clock.now(), pageSize, after);
            for (Availability held : lapsed.holds()) {
                Availability.Hold hold = held.hold().orElseThrow();
                if (expire(new Deadline(held.doctor().id(), held.date().toString(), held.slot().id(), hold.entryId(),
                        hold.patientId(), hold.until().toEpochMilli(), hold.offerId())) == Expiry.PASSED_ON) {
                    passed++;
                }
            }
            if (lapsed.next().isEmpty()) {
                break;
            }
            after = lapsed.next();
        }
        // Offers whose lapsed hold a booking, close or removal took: announced as their timer would (if it has not).
        for (OfferStore.Unannounced offer : store.unannounced(pageSize)) {
            expire(new Deadline(offer.doctorId(), offer.date().toString(), offer.slotId(), offer.entryId(), offer.patientId(),
                    offer.until().toEpochMilli(), offer.offerId()));
            store.announced(offer);
        }
        return passed;
    }

    /** Whether the entry still carries that occurrence of an offer. */
    private static boolean holds(WaitlistEntry entry, String offerId) {
        return entry.offer().map(o -> o.id().equals(offerId)).orElse(false);
    }

    /**
     * The hold of {@code held} passes on (or the slot opens), as {@code ending} (DECLINE or EXPIRE of its occurrence) guards it;
     * on a date its doctor has time off it closes instead, passed on to no one (issue 19).
     */
    private void passOn(Availability held, Optional<WaitlistEntry> from, String reason, Transition ending) {
        TimeOffFound.orClosing(away -> passOnOnce(held, from, reason, !away ? ending
                : ending(ending.operation(), held, Occurrence.of(held.hold().orElseThrow()), true)));
    }

    private void passOnOnce(Availability held, Optional<WaitlistEntry> from, String reason, Transition ending) {
        Availability.Hold hold = held.hold().orElseThrow();
        Set<String> skip = new HashSet<>(hold.passed());
        skip.add(hold.entryId());
        Optional<OfferPlan> next = ending.next() == Next.CLOSED ? Optional.empty()
                : forOpening(held.doctor().id(), held.date(), held.slot(), skip);
        boolean lockIsTheOffers = store.lock(hold.patientId(), held.date(), held.slot().id())
                .map(l -> l.isOffer(hold.entryId(), hold.offerId())).orElse(false);
        WaitlistEntry about = from.orElseGet(() -> new WaitlistEntry(hold.entryId(),
                new clinic.domain.UserRef(hold.patientId(), hold.patientId(), hold.patientId()), held.doctor(), held.date(),
                Optional.empty(), Instant.EPOCH, Optional.empty()));
        Instant now = clock.now();
        store.passOn(held, from.filter(e -> holds(e, hold.offerId())), lockIsTheOffers, next,
                announce(WaitlistEvent.expired(about, held.slot(), hold.until(), hold.offerId(), reason, now)), ending);
    }

    /** The slot an offer is of, and the lifecycle's step on it. */
    private record Decided(Availability slot, Transition transition) {}

    /**
     * The slot the entry's offer is of, as the lifecycle decides {@code operation} on it: held by this
     * entry's occurrence of the offer and live, or its 409 (lapsed: OFFER_EXPIRED; held for another
     * or not held: NO_OFFER), judged at the instant just after the read.
     */
    private Decided decided(Operation operation, WaitlistEntry entry, Offer offer) {
        Optional<Availability> at = availabilities.at(entry.doctor().id(), entry.date(), offer.slotId());
        Occurrence occurrence = Occurrence.of(entry.id(), offer);
        Transition transition = SlotLifecycle.transition(operation, Subject.of(at, at.map(this::started).orElse(false), clock.now())
                .heldForCaller(callersHold(at, occurrence)).of(occurrence));
        return new Decided(at.orElseThrow(), transition);
    }

    /** The lifecycle's {@code operation} (DECLINE or EXPIRE) of the occurrence's hold of {@code held}, as it stands now. */
    private Transition ending(Operation operation, Availability held, Occurrence offer) {
        return ending(operation, held, offer, false);
    }

    /** As above; {@code away}: the slot's date was found in its doctor's time off, and the slot closes. */
    private Transition ending(Operation operation, Availability held, Occurrence offer, boolean away) {
        return SlotLifecycle.transition(operation, Subject.of(Optional.of(held), started(held), clock.now())
                .heldForCaller(callersHold(Optional.of(held), offer)).of(offer).away(away));
    }

    /** The entry of the slot's hold, if the hold is that occurrence's. */
    private static Optional<String> callersHold(Optional<Availability> slot, Occurrence offer) {
        return slot.flatMap(Availability::hold).filter(h -> h.isOffer(offer.entryId(), offer.offerId()))
                .map(Availability.Hold::entryId);
    }

    private boolean started(Availability availability) {
        return clock.hasStarted(availability.date(), availability.slot().start());
    }

    /** The availability the entry's offer holds, if it still holds it for this entry and this occurrence of the offer. */
    private Optional<Availability> heldFor(WaitlistEntry entry, Offer offer) {
        return availabilities.at(entry.doctor().id(), entry.date(), offer.slotId())
                .filter(a -> a.status() == Availability.Status.HELD
                        && a.hold().map(h -> h.isOffer(entry.id(), offer.id())).orElse(false));
    }

    private WaitlistEntry own(Caller caller, String id) {
        if (!Ids.isOpaque(id)) {
            throw new Problem.NotFound("Waitlist entry");
        }
        return waitlist.byId(id).filter(e -> e.patient().id().equals(caller.id()))
                .orElseThrow(() -> new Problem.NotFound("Waitlist entry"));
    }

    private Outbox.Event announce(WaitlistEvent event) {
        return new Outbox.Event(event.id(), WaitlistEvent.SOURCE, event.type().wire(), event.occurredAt(),
                Json.write(event.detail(clock.zone())));
    }

    private Outbox.Event announce(BookingEvent event) {
        return new Outbox.Event(event.id(), BookingEvent.SOURCE, event.type().wire(), event.occurredAt(),
                Json.write(event.detail(clock.zone())));
    }
}
