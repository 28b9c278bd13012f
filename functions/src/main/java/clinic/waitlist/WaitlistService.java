package clinic.waitlist;

import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Conflicts;
import clinic.domain.Ids;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.SlotLifecycle.Operation;
import clinic.domain.SlotLifecycle.Subject;
import clinic.domain.SlotLifecycle;
import clinic.domain.StaleRead;
import clinic.domain.TimeRange;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.domain.Waitlist;
import clinic.domain.WaitlistEntry;
import clinic.offers.OfferService;
import clinic.store.UserStore;
import clinic.store.WaitlistStore;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Joining, listing and leaving the waitlist. The claim item's condition is what makes "only once per
 * doctor and date" hold under races; the reads here pick the clear 4xx first.
 */
public final class WaitlistService {
    private final WaitlistStore store;
    private final UserStore users;
    private final ClinicClock clock;
    private final int maxEntries;
    private final OfferService offers;

    public WaitlistService(WaitlistStore store, UserStore users, ClinicClock clock, int maxEntries, OfferService offers) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.offers = offers;
    }

    /** What a patient asks to wait for. */
    public record JoinRequest(String doctorId, LocalDate date, Optional<TimeRange> window) {}

    public WaitlistEntry join(Caller caller, JoinRequest request) {
        caller.require(Role.PATIENT);
        Ids.requireUser("doctor", request.doctorId());
        // Checked again with the rest by Waitlist.checkJoin; here so that a past date costs no read.
        if (request.date().isBefore(clock.today())) {
            throw new Problem.Invalid("date", "must not be in the past");
        }
        UserProfile doctor = users.profile(request.doctorId()).filter(p -> p.role() == Role.DOCTOR)
                .orElseThrow(() -> new Problem.Invalid("doctor", "is not a doctor"));
        // A join that lost its seat to a racing one reads again: it takes another, or the cap is reached.
        // Each lost round is a seat another join took: raced only by joins, by its (cap + 1)th read the cap answers, not CHANGED.
        return StaleRead.retrying(maxEntries + 1, () -> {
            WaitlistStore.PatientSide patient = store.patientSide(caller.id());
            boolean booked = store.bookedWith(caller.id(), doctor.id(), request.date());
            Waitlist.checkJoin(request.date(), doctor.id(), clock, patient.entries(), booked, maxEntries);
            List<Waitlist.Seat> free = Waitlist.freeSeats(patient.seats(), patient.entries(), clock, maxEntries);
            if (free.isEmpty()) {
                throw Conflicts.waitlistLimit(maxEntries);
            }
            UserRef patientRef = patient.profile().map(p -> new UserRef(p.id(), p.username(), p.name()))
                    .orElse(new UserRef(caller.id(), caller.username(), caller.username()));
            WaitlistEntry entry = new WaitlistEntry(UUID.randomUUID().toString(), patientRef,
                    new UserRef(doctor.id(), doctor.username(), doctor.name()), request.date(), request.window(),
                    clock.now(), Optional.empty());
            // Any free seat: racing joins that each pick one at random mostly pick different ones.
            Waitlist.Seat seat = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            if (takenUnseen(seat, patient)) {
                throw new StaleRead();
            }
            store.join(entry, seat);
            return entry;
        });
    }

    /**
     * Whether the seat about to be taken is held by an entry the read did not show. A Query is
     * read-committed, not a snapshot: it can show a racing join's seat without that join's claim (two
     * items of one transaction), so the seat looks free and its condition (the entry it names,
     * unchanged) holds. The seat's last entry, if no claim of it was read, is looked up by its pointer,
     * a single-item read, which never shows a committed transaction in part: still there and counting,
     * the seat is taken (read again); gone or past, it is free. One lookup, for the seat chosen only.
     */
    private boolean takenUnseen(Waitlist.Seat seat, WaitlistStore.PatientSide patient) {
        return seat.lastEntry().filter(id -> patient.entries().stream().noneMatch(e -> e.id().equals(id)))
                .flatMap(store::byId).filter(e -> Waitlist.counts(e, clock)).isPresent();
    }

    /** A patient's own entries (by date, then join time); a doctor's waitlist for one of their dates, in join order. */
    public List<WaitlistEntry> list(Caller caller, Optional<LocalDate> date) {
        if (caller.is(Role.PATIENT)) {
            return store.ofPatient(caller.id()).stream()
                    .filter(e -> date.map(e.date()::equals).orElse(true))
                    .sorted(Comparator.comparing(WaitlistEntry::date).thenComparing((a, b) -> WaitlistEntry.joinOrder(a, b)))
                    .toList();
        }
        caller.require(Role.DOCTOR);
        LocalDate day = date.orElseThrow(() -> new Problem.Invalid("date", "is required: the date whose waitlist to show"));
        return store.queue(caller.id(), day);
    }

    /** The patient leaves; leaving an entry that is already gone is 404. */
    public void leave(Caller caller, String id) {
        caller.require(Role.PATIENT);
        StaleRead.retry(() -> {
            WaitlistEntry entry = own(caller, id);
            // A live offer is given up first, so the slot passes on rather than staying held for nobody.
            offers.release(entry);
            store.leave(entry, SlotLifecycle.transition(Operation.LEAVE, Subject.at(clock.now())));
        });
    }

    private WaitlistEntry own(Caller caller, String id) {
        if (!Ids.isOpaque(id)) {
            throw new Problem.NotFound("Waitlist entry");
        }
        return store.byId(id).filter(e -> e.patient().id().equals(caller.id()))
                .orElseThrow(() -> new Problem.NotFound("Waitlist entry"));
    }
}
