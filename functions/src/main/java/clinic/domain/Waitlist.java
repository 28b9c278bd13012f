package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of the waitlist that need no table: who may join, and who is offered a slot that opens.
 * The store's transactions make these decisions stick (see docs/data-model.md).
 */
public final class Waitlist {
    /** The template's default for {@code MaxWaitlistEntries}: entries one patient may hold. */
    public static final int DEFAULT_MAX_ENTRIES = 5;
    /** How long an offer is held by default (the template's {@code OfferMinutes} parameter). */
    public static final int DEFAULT_OFFER_MINUTES = 15;

    private Waitlist() {}

    /**
     * Checks a patient's request to join for {@code doctorId} on {@code date}, given the entries they
     * already hold and whether they hold a booking with that doctor on that date. A refusal is the
     * problem the client is told.
     */
    public static void checkJoin(LocalDate date, String doctorId, ClinicClock clock, Collection<WaitlistEntry> own,
                                 boolean bookedWithDoctorThatDay, int maxEntries) {
        if (date.isBefore(clock.today())) {
            throw new Problem.Invalid("date", "must not be in the past");
        }
        if (own.stream().anyMatch(e -> e.doctor().id().equals(doctorId) && e.date().equals(date))) {
            throw Conflicts.alreadyExists("A waitlist entry for this doctor and date");
        }
        if (bookedWithDoctorThatDay) {
            throw Conflicts.alreadyBookedThatDay();
        }
        if (own.stream().filter(e -> !e.date().isBefore(clock.today())).count() >= maxEntries) {
            throw Conflicts.waitlistLimit(maxEntries);
        }
    }

    /**
     * Who is offered a slot that just opened: the first waiter in join order who wants it, holds no
     * live offer already, and is not busy at that half hour ({@code busy}: patient ids holding a
     * booking or a live offer at the same date and time). Empty: the slot opens to everyone.
     */
    public static Optional<WaitlistEntry> nextFor(TimeSlot slot, Collection<WaitlistEntry> waiters, Set<String> busy,
                                                  Instant now) {
        return waiters.stream()
                .sorted(WaitlistEntry::joinOrder)
                .filter(e -> e.wants(slot) && !e.hasLiveOffer(now) && !busy.contains(e.patient().id()))
                .findFirst();
    }
}
