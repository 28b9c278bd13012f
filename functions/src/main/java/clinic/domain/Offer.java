package clinic.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A slot held for one waiter until {@code deadline}: the availability (by slot id) of the entry's
 * doctor and date. A hold past its deadline is expired wherever it is read, whether or not the
 * timer that passes it on has fired yet, so a late timer never keeps a slot from being booked.
 */
public record Offer(int slotId, Instant deadline) {

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
