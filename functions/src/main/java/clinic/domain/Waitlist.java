package clinic.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        if (own.stream().filter(e -> counts(e, clock)).count() >= maxEntries) {
            throw Conflicts.waitlistLimit(maxEntries);
        }
    }

    /**
     * A seat a join may take: its number (1 to the cap) and the entry that took it last, if any.
     * The join writes it on condition it still names that entry (or is still absent).
     */
    public record Seat(int number, Optional<String> lastEntry) {}

    /** Whether an entry counts towards the cap (and holds its seat): it is for today or later. */
    public static boolean counts(WaitlistEntry entry, ClinicClock clock) {
        return !entry.date().isBefore(clock.today());
    }

    /**
     * The seats free for a join: never taken, or last taken by an entry that no longer counts (gone,
     * or for a past date). {@code seats} maps a seat's number to the entry that took it last; {@code own}
     * are the patient's entries. Seats are what makes the cap hold when joins race: each counts the
     * same entries, but only one can take a given seat.
     */
    public static List<Seat> freeSeats(Map<Integer, String> seats, Collection<WaitlistEntry> own, ClinicClock clock,
                                       int maxEntries) {
        Set<String> counted = new HashSet<>();
        own.stream().filter(e -> counts(e, clock)).forEach(e -> counted.add(e.id()));
        List<Seat> free = new ArrayList<>();
        for (int number = 1; number <= maxEntries; number++) {
            Optional<String> last = Optional.ofNullable(seats.get(number));
            if (last.map(entry -> !counted.contains(entry)).orElse(true)) {
                free.add(new Seat(number, last));
            }
        }
        return free;
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
