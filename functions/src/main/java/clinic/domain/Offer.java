package clinic.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A slot held for one waiter until {@code deadline}: the availability (by slot id) of the entry's
 * doctor and date. A hold past its deadline is expired wherever it is read, whether or not the
 * timer that passes it on has fired yet, so a late timer never keeps a slot from being booked.
 *
 * <p>{@code id} names this occurrence of an offer: made fresh with each offer and written with it
 * on every side (availability, entry, lock), so its events, its timer and its emails are its own
 * even when the same waiter is offered the same slot with the same deadline again (issue 18: within
 * the last {@code OfferMinutes} before a slot's start every deadline is that start).
 */
public record Offer(int slotId, Instant deadline, String id) {

    /** An offer stored before offers had ids: its occurrence is named by its deadline, as its events were. */
    public Offer(int slotId, Instant deadline) {
        this(slotId, deadline, legacyId(deadline));
    }

    /** A new occurrence's id. */
    public static String newId() {
        return java.util.UUID.randomUUID().toString();
    }

    /** The id of an offer stored without one (before issue 18): its deadline in epoch milliseconds. */
    public static String legacyId(Instant deadline) {
        return Long.toString(deadline.toEpochMilli());
    }

    /**
     * The deadline of an offer made at {@code now} for a slot starting at {@code slotStart}: {@code holdFor}
     * later, but never past the slot's start (rule 5).
     */
    public static Instant deadline(Instant now, Duration holdFor, Instant slotStart) {
        Instant wanted = now.plus(holdFor);
        return wanted.isAfter(slotStart) ? slotStart : wanted;
    }

    /** Still open to acceptance: the deadline is in the future. */
    public boolean isLive(Instant now) {
        return now.isBefore(deadline);
    }
}
