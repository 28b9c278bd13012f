package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A patient waiting for a slot with one doctor on one date, optionally only within a window of the
 * day. Waiters are served in join order ({@code joinedAt}, then id). {@code offer} is the slot
 * currently offered to this entry, if any; an entry holds at most one live offer.
 */
public record WaitlistEntry(String id, UserRef patient, UserRef doctor, LocalDate date, Optional<TimeRange> window,
                            Instant joinedAt, Optional<Offer> offer) {

    public WaitlistEntry {
        window = window == null ? Optional.empty() : window;
        offer = offer == null ? Optional.empty() : offer;
    }

    /** Whether a slot of this entry's doctor and date is one this patient wants: inside the window, or any when none was given. */
    public boolean wants(TimeSlot slot) {
        return window.map(w -> !slot.start().isBefore(w.start()) && !slot.end().isAfter(w.end())).orElse(true);
    }

    /** Whether this entry holds an offer still open to acceptance at {@code now}. */
    public boolean hasLiveOffer(Instant now) {
        return offer.map(o -> o.isLive(now)).orElse(false);
    }

    public WaitlistEntry offered(Offer newOffer) {
        return new WaitlistEntry(id, patient, doctor, date, window, joinedAt, Optional.of(newOffer));
    }

    /** Join order: earlier first; the id breaks ties so the order is total. */
    public static int joinOrder(WaitlistEntry a, WaitlistEntry b) {
        int byTime = a.joinedAt.compareTo(b.joinedAt);
        return byTime != 0 ? byTime : a.id.compareTo(b.id);
    }
}
