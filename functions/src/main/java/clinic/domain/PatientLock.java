package clinic.domain;

import java.time.Instant;

/**
 * A patient's lock at one date and slot, which keeps them in one place at a time: a booking's
 * ({@code appointment}), or an offer's ({@code offer} the entry, {@code until} its deadline,
 * {@code offerId} the occurrence).
 */
public record PatientLock(String appointment, String offer, Instant until, String offerId) {
    public static PatientLock ofBooking(String appointmentId) {
        return new PatientLock(appointmentId, null, null, null);
    }

    public static PatientLock ofOffer(String entryId, Instant until, String offerId) {
        return new PatientLock(null, entryId, until, offerId);
    }

    public boolean isBooking() {
        return appointment != null;
    }

    /** Whether it is the lock of that occurrence of an offer. */
    public boolean isOffer(String entryId, String occurrence) {
        return entryId.equals(offer) && occurrence.equals(offerId);
    }
}
