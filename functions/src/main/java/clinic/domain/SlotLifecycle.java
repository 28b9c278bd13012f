package clinic.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The lifecycle of one doctor's half hour, in one table: for each operation on a slot and the state
 * it was read in, what the slot becomes, or the 409 that refuses it. Services ask it before they
 * write; the store's conditions hold the same rule when the state changed between the read and the
 * write (docs/decisions.md, "The slot lifecycle").
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
        /** Its appointment is cancelled, or rescheduled away from it. */
        RELEASE,
        /** It is offered to a waiter as it opens. */
        OFFER,
        /** The waiter it is held for accepts. */
        ACCEPT,
        /** The waiter it is held for declines, or leaves the waitlist. */
        DECLINE,
        /** The offer's timer, or the sweep, at or after the deadline. */
        EXPIRE
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
            case RELEASE -> state == State.BOOKED ? Decision.to(Next.OPENED)
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
        };
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
