package clinic.domain;

import java.time.Instant;

/**
 * What one item must still be when a transition's write lands, as the {@link SlotLifecycle} decides
 * it from what was read; the store spells each as the item's condition expression, and nothing
 * else. Each is the least that keeps its rule: an offer's occurrence is named by its id alone, which
 * no other offer shares (docs/decisions.md, "The slot lifecycle").
 */
public sealed interface Guard {
    /** Nothing there yet: a new availability or appointment. */
    record Absent() implements Guard {}

    /** Still there: an entry that an accept removes. */
    record Present() implements Guard {}

    /** Still at the version read (0: written before items had versions, and still without one). */
    record AtVersion(long version) implements Guard {}

    /** The slot is open, or held by an offer whose deadline is not after {@code at} (rules 1 and 7). */
    record Bookable(Instant at) implements Guard {}

    /** The slot is held by that occurrence of an offer (an accept's deadline is judged at its read, not here). */
    record HeldBy(SlotLifecycle.Occurrence offer) implements Guard {}

    /** The slot is booked by that appointment (rule 4). */
    record BookedBy(String appointmentId) implements Guard {}

    /** The patient's half hour is free: no lock, or an offer's whose deadline is not after {@code at} (rule 2). */
    record LockFree(Instant at) implements Guard {}

    /** The patient's lock is that occurrence's of an offer. */
    record LockOffered(SlotLifecycle.Occurrence offer) implements Guard {}

    /** The waiter's entry (and its claim) is there and holds no offer live at {@code at}. */
    record EntryFree(Instant at) implements Guard {}

    /** The waiter's entry (and its claim) still carries that occurrence of an offer. */
    record EntryOffered(SlotLifecycle.Occurrence offer) implements Guard {}

    /** The slot's date has no time off: its mark (if any) carries no time off's id, as a hand edit's does not. */
    record AtWork() implements Guard {}

    /** The slot's date is still in a time off: its mark carries a time off's id. */
    record Away() implements Guard {}
}
