package clinic.domain;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The lifecycle of one doctor's half hour, in one table: for each operation on a slot and the state
 * it was read in, what the slot becomes, or the 409 that refuses it ({@link #decide}); and, for the
 * write that makes the step, what each item it writes must still be when the write lands, with what
 * that failing means ({@link #transition}). Services ask it before they write; the store turns its
 * guards into the transaction's conditions, so the same rule holds when the state changed between
 * the read and the write (docs/decisions.md, "The slot lifecycle").
 *
 * <p>States are as a patient sees them at {@code now}: a hold past its deadline is {@link State#LAPSED},
 * bookable by anyone, whether or not its timer has passed it on yet.
 */
public final class SlotLifecycle {
    private SlotLifecycle() {}

    /** A half hour's state at one instant. ABSENT: nothing declared there. */
    public enum State { ABSENT, OPEN, CLOSED, BOOKED, HELD, LAPSED }

    /** Every operation that changes, or may change, a half hour. */
    public enum Operation {
        /** A doctor declares it (open or closed). */
        DECLARE,
        /** A doctor closes it. */
        CLOSE,
        /** A doctor reopens it. */
        REOPEN,
        /** A doctor moves it away to another date or slot, or deletes it. */
        REMOVE,
        /** A patient books it, directly or as the target of a reschedule. */
        BOOK,
        /** Its appointment is cancelled. */
        RELEASE,
        /**
         * Its appointment is cancelled by its doctor's time off (issue 19): RELEASE's guards, but the slot
         * closes with it, offered to no one, since its doctor is away then.
         */
        RELEASE_CLOSED,
        /** Its appointment is rescheduled away from it, to a target the patient chose as they saw it. */
        MOVE_AWAY,
        /** It is offered to a waiter as it opens. */
        OFFER,
        /** The waiter it is held for accepts. */
        ACCEPT,
        /** The waiter it is held for declines, or leaves the waitlist. */
        DECLINE,
        /** The offer's timer, or the sweep, at or after the deadline. */
        EXPIRE,
        /** A waiter's entry leaves the waitlist (its live offer, if any, declined first). The slot is not touched. */
        LEAVE
    }

    /** What the slot becomes. OPENED: open, or held for the first waiter who wants it (the offer is chosen apart). */
    public enum Next { OPENED, CLOSED, BOOKED, HELD, REMOVED, UNCHANGED, REARMED }

    /** The decision: the slot's next state, or the problem that refuses the operation. */
    public record Decision(Optional<Next> next, Optional<Problem.Conflict> refusal) {
        static Decision to(Next next) {
            return new Decision(Optional.of(next), Optional.empty());
        }

        static Decision refused(Problem.Conflict problem) {
            return new Decision(Optional.empty(), Optional.of(problem));
        }

        public boolean allowed() {
            return next.isPresent();
        }

        /** The next state, or the refusal thrown. */
        public Next orThrow() {
            return next.orElseThrow(refusal::get);
        }
    }

    /** The state of an availability (or its absence) at {@code now}. */
    public static State stateOf(Optional<Availability> availability, Instant now) {
        if (availability.isEmpty()) {
            return State.ABSENT;
        }
        Availability a = availability.get();
        return switch (a.status()) {
            case OPEN -> State.OPEN;
            case CLOSED -> State.CLOSED;
            case BOOKED -> State.BOOKED;
            case HELD -> a.isHeldAt(now) ? State.HELD : State.LAPSED;
        };
    }

    /**
     * Decides {@code operation} on a slot in {@code state}. {@code started}: the half hour has begun
     * (nothing is booked or offered then). {@code callersHold}: the entry of the slot's hold (live or
     * lapsed) when that hold is the caller's: the entry that accepts, declines or expires, or the
     * patient who books; empty otherwise.
     */
    public static Decision decide(Operation operation, State state, boolean started, Optional<String> callersHold) {
        boolean heldForCaller = callersHold.isPresent();
        return switch (operation) {
            case DECLARE -> state == State.ABSENT ? Decision.to(Next.OPENED)
                    : Decision.refused(Conflicts.alreadyExists("An availability for that date and time slot"));
            case CLOSE -> switch (state) {
                case OPEN, LAPSED -> Decision.to(Next.CLOSED);
                case CLOSED -> Decision.to(Next.UNCHANGED);
                default -> notFree(state);
            };
            case REOPEN -> switch (state) {
                case CLOSED -> Decision.to(Next.OPENED);
                case OPEN, LAPSED -> Decision.to(Next.UNCHANGED);
                default -> notFree(state);
            };
            case REMOVE -> switch (state) {
                case OPEN, CLOSED, LAPSED -> Decision.to(Next.REMOVED);
                default -> notFree(state);
            };
            case BOOK -> (state == State.OPEN || state == State.LAPSED) && !started ? Decision.to(Next.BOOKED)
                    : state == State.HELD && heldForCaller ? Decision.refused(Conflicts.offerHeld(callersHold.get()))
                    : Decision.refused(Conflicts.slotUnavailable());
            case RELEASE, MOVE_AWAY -> state == State.BOOKED ? Decision.to(Next.OPENED)
                    : Decision.refused(Conflicts.changed());
            case RELEASE_CLOSED -> state == State.BOOKED ? Decision.to(Next.CLOSED)
                    : Decision.refused(Conflicts.changed());
            case OFFER -> (state == State.OPEN || state == State.LAPSED) && !started ? Decision.to(Next.HELD)
                    : Decision.to(Next.UNCHANGED);
            case ACCEPT -> !heldForCaller ? Decision.refused(Conflicts.noOffer())
                    : state == State.HELD ? Decision.to(Next.BOOKED)
                    : state == State.LAPSED ? Decision.refused(Conflicts.offerExpired())
                    : Decision.refused(Conflicts.noOffer());
            case DECLINE -> !heldForCaller ? Decision.refused(Conflicts.noOffer())
                    : state == State.HELD ? Decision.to(Next.OPENED)
                    : state == State.LAPSED ? Decision.refused(Conflicts.offerExpired())
                    : Decision.refused(Conflicts.noOffer());
            case EXPIRE -> !heldForCaller ? Decision.to(Next.UNCHANGED)
                    : state == State.LAPSED ? Decision.to(Next.OPENED)
                    : state == State.HELD ? Decision.to(Next.REARMED)
                    : Decision.to(Next.UNCHANGED);
            case LEAVE -> Decision.to(Next.UNCHANGED);
        };
    }

    /**
     * The items a transition's write may touch, each guarded on its own. ENTRY: a waiter's entry and its
     * claim. DAY: the date's mark (a hand edit's, or a time off's carrying its id), only checked.
     */
    public enum Item { SLOT, APPOINTMENT, LOCK, ENTRY, DAY }

    /**
     * The operations that open a slot other than by its doctor's hand (a patient's cancel or move, an
     * offer's end): on a date the doctor has time off they close it instead, offered to no one (issue 19).
     * The doctor's own REOPEN is theirs to make, time off or not.
     */
    private static final java.util.Set<Operation> CLOSED_BY_TIME_OFF =
            java.util.EnumSet.of(Operation.RELEASE, Operation.MOVE_AWAY, Operation.DECLINE, Operation.EXPIRE);

    /**
     * A write that would open a slot found its date in a time off (the DAY guard {@link Guard.AtWork}
     * failed): the caller decides again with {@link Subject#away} and writes the closing step.
     */
    public static final class TimeOffFound extends RuntimeException {
        public TimeOffFound() {
            super("the date has time off", null, false, false);
        }

        /** Writes {@code step} as decided with the date at work, and, if its write found time off there, as decided away. */
        public static void orClosing(java.util.function.Consumer<Boolean> step) {
            try {
                step.accept(false);
            } catch (TimeOffFound away) {
                step.accept(true);
            }
        }
    }

    /** One occurrence of an offer: its entry, its id, its deadline. */
    public record Occurrence(String entryId, String offerId, Instant until) {
        public static Occurrence of(Availability.Hold hold) {
            return new Occurrence(hold.entryId(), hold.offerId(), hold.until());
        }

        public static Occurrence of(String entryId, Offer offer) {
            return new Occurrence(entryId, offer.id(), offer.deadline());
        }

        /** Made before offers had ids: its id is its deadline's, and no item names it, so its entry and deadline do. */
        public boolean isLegacy() {
            return offerId.equals(Offer.legacyId(until));
        }
    }

    /** An item as the write that was refused found it: at most one of these, for the item's kind (none: it was not there). */
    public record Found(Optional<Availability> slot, Optional<Appointment> appointment, Optional<PatientLock> lock) {
        public static Found nothing() {
            return new Found(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** What a failed guard means: the 409 to answer with, or {@link StaleRead}: read again and decide again. */
    @FunctionalInterface
    public interface Outcome {
        RuntimeException given(Found found);

        static Outcome reread() {
            return found -> new StaleRead();
        }

        static Outcome refuse(Supplier<? extends Problem> problem) {
            return found -> problem.get();
        }
    }

    /** A guarded write of one item: what it must still be, and what it means if not. */
    public record Write(Item item, Guard guard, Outcome outcome) {}

    /**
     * A step of the half hour: what it becomes, the guarded writes that make it, by item, and the
     * lapsed offer it ends without passing it on ({@code unannounced}: a booking, close or removal of
     * a lapsed hold), whose end the sweep announces should its timer never come.
     */
    public record Transition(Operation operation, Next next, Map<Item, Write> writes, Optional<Availability.Hold> unannounced) {
        public Transition {
            writes = Map.copyOf(writes);
        }

        /** The guarded write of {@code item}; asking for an item the operation does not write is a bug. */
        public Write on(Item item) {
            Write write = writes.get(item);
            if (write == null) {
                throw new IllegalStateException(operation + " writes no " + item);
            }
            return write;
        }
    }

    /**
     * What a transition is decided on: the slot's state as read at {@code at} (the instant its guards
     * compare deadlines with), whether its half hour has started, the caller's hold of it (as in
     * {@link #decide}), and what the guards name: the patient who acts, the version read, the
     * appointment, the occurrence of an offer; and whether the slot's date was found in a time off.
     */
    public record Subject(State state, boolean started, Optional<String> callersHold, Instant at, Optional<String> patient,
                          Optional<Long> version, Optional<Appointment> appointment, Optional<Occurrence> offer,
                          Optional<Availability.Hold> hold, boolean away) {
        /** No slot read: an operation that does not look at one (a declaration's absent slot, a leave). */
        public static Subject at(Instant at) {
            return of(State.ABSENT, false, at);
        }

        public static Subject of(State state, boolean started, Instant at) {
            return new Subject(state, started, Optional.empty(), at, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), false);
        }

        /** An availability as read at {@code at}: its state, version and hold. */
        public static Subject of(Optional<Availability> slot, boolean started, Instant at) {
            Subject read = of(stateOf(slot, at), started, at).withVersion(slot.map(Availability::version).orElse(0L));
            return new Subject(read.state, started, read.callersHold, at, read.patient, read.version, read.appointment, read.offer,
                    slot.flatMap(Availability::hold), false);
        }

        public Subject heldForCaller(Optional<String> entryId) {
            return new Subject(state, started, entryId, at, patient, version, appointment, offer, hold, away);
        }

        public Subject by(String patientId) {
            return new Subject(state, started, callersHold, at, Optional.of(patientId), version, appointment, offer, hold, away);
        }

        public Subject withVersion(long read) {
            return new Subject(state, started, callersHold, at, patient, Optional.of(read), appointment, offer, hold, away);
        }

        public Subject of(Appointment read) {
            return new Subject(state, started, callersHold, at, patient, version, Optional.of(read), offer, hold, away);
        }

        /** The slot's date as found in a time off by the write decided without it ({@link TimeOffFound}). */
        public Subject away(boolean inTimeOff) {
            return new Subject(state, started, callersHold, at, patient, version, appointment, offer, hold, inTimeOff);
        }

        public Subject of(Occurrence occurrence) {
            return new Subject(state, started, callersHold, at, patient, version, appointment, Optional.of(occurrence), hold, away);
        }
    }

    /**
     * Decides {@code operation} as {@link #decide} does, throwing its refusal, and returns the step
     * with the guarded writes that make it. Every condition on an item of a half hour's lifecycle is
     * one of these (the store adds only its own bookkeeping: outbox, pointers, idempotency records,
     * the time-slot catalog).
     */
    public static Transition transition(Operation operation, Subject subject) {
        Next decided = decide(operation, subject.state(), subject.started(), subject.callersHold()).orThrow();
        Map<Item, Write> writes = new EnumMap<>(Item.class);
        // Opening the slot costs no read of the date: the write checks its mark, and a time off there means closing it.
        boolean closesForTimeOff = decided == Next.OPENED && CLOSED_BY_TIME_OFF.contains(operation);
        Next next = closesForTimeOff && subject.away() ? Next.CLOSED : decided;
        if (closesForTimeOff) {
            put(writes, Item.DAY, subject.away() ? new Guard.Away() : new Guard.AtWork(),
                    subject.away() ? Outcome.reread() : found -> new TimeOffFound());
        }
        Instant at = subject.at();
        switch (operation) {
            case DECLARE -> put(writes, Item.SLOT, new Guard.Absent(),
                    Outcome.refuse(() -> Conflicts.alreadyExists("An availability for that date and time slot")));
            case CLOSE, REOPEN, REMOVE -> put(writes, Item.SLOT, new Guard.AtVersion(subject.version().orElseThrow()),
                    Outcome.reread());
            case BOOK -> {
                String patient = subject.patient().orElseThrow();
                // Held since the read by a live offer to this patient (a timer passed it on to them): say so, as the read would have.
                put(writes, Item.SLOT, new Guard.Bookable(at), found -> found.slot()
                        .flatMap(slot -> slot.hold().filter(h -> h.patientId().equals(patient) && h.isLive(at)))
                        .<RuntimeException>map(hold -> Conflicts.offerHeld(hold.entryId()))
                        .orElseGet(Conflicts::slotUnavailable));
                put(writes, Item.LOCK, new Guard.LockFree(at), SlotLifecycle::halfHourTaken);
                put(writes, Item.APPOINTMENT, new Guard.Absent(), Outcome.reread());
            }
            // The patient asked for it to be cancelled, wherever it now is: read again and cancel what is current
            // (the time off's cancel reads again too, and cancels it if it is still in the time off).
            case RELEASE, RELEASE_CLOSED -> {
                Appointment appointment = subject.appointment().orElseThrow();
                put(writes, Item.APPOINTMENT, new Guard.AtVersion(appointment.version()), Outcome.reread());
                put(writes, Item.SLOT, new Guard.BookedBy(appointment.id()), Outcome.reread());
            }
            // The patient chose the target for the appointment as they saw it: changed since, say so.
            case MOVE_AWAY -> {
                Appointment appointment = subject.appointment().orElseThrow();
                put(writes, Item.APPOINTMENT, new Guard.AtVersion(appointment.version()), found -> found.appointment()
                        .<RuntimeException>map(now -> now.isBooked() ? Conflicts.changed()
                                : now.isVisitRecorded() ? Conflicts.visitRecorded(now.status()) : Conflicts.notBooked())
                        .orElseGet(() -> new Problem.NotFound("Appointment")));
                put(writes, Item.SLOT, new Guard.BookedBy(appointment.id()), Outcome.refuse(Conflicts::changed));
            }
            case OFFER -> {
                put(writes, Item.ENTRY, new Guard.EntryFree(at), Outcome.reread());
                put(writes, Item.LOCK, new Guard.LockFree(at), Outcome.reread());
            }
            // The deadline is judged at the accept's read, as the decision did (a postmark: no condition can compare
            // with the instant the write lands); the write only needs the hold to be still this occurrence.
            case ACCEPT -> {
                Occurrence offer = subject.offer().orElseThrow();
                put(writes, Item.SLOT, new Guard.HeldBy(offer), found -> found.slot()
                        .flatMap(Availability::hold).filter(h -> h.isOffer(offer.entryId(), offer.offerId()) && !h.isLive(at))
                        .<RuntimeException>map(lapsed -> Conflicts.offerExpired()).orElseGet(Conflicts::noOffer));
                put(writes, Item.LOCK, new Guard.LockOffered(offer), found -> found.lock().filter(PatientLock::isBooking)
                        .<RuntimeException>map(booked -> Conflicts.patientBusy()).orElseGet(Conflicts::noOffer));
                put(writes, Item.ENTRY, new Guard.Present(), Outcome.refuse(Conflicts::noOffer));
                put(writes, Item.APPOINTMENT, new Guard.Absent(), Outcome.reread());
            }
            case DECLINE, EXPIRE -> {
                Occurrence offer = subject.offer().orElseThrow();
                put(writes, Item.SLOT, new Guard.HeldBy(offer), Outcome.reread());
                put(writes, Item.ENTRY, new Guard.EntryOffered(offer), Outcome.reread());
                put(writes, Item.LOCK, new Guard.LockOffered(offer), Outcome.reread());
            }
            // Never with a live offer: one made since the entry was read would hold its slot for nobody.
            case LEAVE -> put(writes, Item.ENTRY, new Guard.EntryFree(at), Outcome.reread());
        }
        // An offer's end closing for time off is its own pass-on, announced by it.
        Optional<Availability.Hold> unannounced = subject.state() == State.LAPSED && ENDS_A_LAPSED_HOLD.contains(next) && !closesForTimeOff
                ? subject.hold() : Optional.empty();
        return new Transition(operation, next, writes, unannounced);
    }

    /** What a lapsed hold becomes when it ends other than by its own timer's pass-on. */
    private static final java.util.Set<Next> ENDS_A_LAPSED_HOLD = java.util.EnumSet.of(Next.BOOKED, Next.CLOSED, Next.REMOVED);

    /** The patient's half hour is taken: by a live offer to them (to accept or decline), or by a booking. */
    private static RuntimeException halfHourTaken(Found found) {
        return found.lock().filter(lock -> !lock.isBooking())
                .<RuntimeException>map(offer -> Conflicts.offerHeld(offer.offer())).orElseGet(Conflicts::patientBusy);
    }

    private static void put(Map<Item, Write> writes, Item item, Guard guard, Outcome outcome) {
        writes.put(item, new Write(item, guard, outcome));
    }

    /** Booked, or held by a live offer: the doctor cannot close, reopen, move or delete it now. */
    private static Decision notFree(State state) {
        return switch (state) {
            case BOOKED -> Decision.refused(Conflicts.slotBooked());
            case HELD -> Decision.refused(Conflicts.slotHeld());
            default -> Decision.refused(Conflicts.changed());
        };
    }
}
