package clinic.appointments;

import clinic.domain.Actor;
import clinic.domain.Appointment.Status;
import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.BookingPolicy;
import clinic.domain.BookingEvent;
import clinic.domain.CancelReason;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Conflicts;
import clinic.domain.Ids;
import clinic.domain.NameWords;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.SlotLifecycle.Operation;
import clinic.domain.SlotLifecycle.State;
import clinic.domain.SlotLifecycle.Subject;
import clinic.domain.SlotLifecycle.TimeOffFound;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.SlotLifecycle;
import clinic.domain.StaleRead;
import clinic.domain.UserRef;
import clinic.domain.Visit;
import clinic.http.Json;
import clinic.http.Params;
import clinic.offers.OfferService;
import clinic.store.AppointmentStore.Idempotency;
import clinic.store.AppointmentStore.Listing;
import clinic.store.AppointmentStore.SearchScope;
import clinic.store.AppointmentStore.Snapshot;
import clinic.store.AppointmentStore;
import clinic.store.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Booking, rescheduling, cancelling, listing and searching appointments. The store's transactions
 * are the guard against double booking; the reads here only pick the right 4xx early and fill in
 * names and times.
 */
public final class AppointmentService {
    public static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    public static final int DEFAULT_CLINIC_WINDOW_DAYS = 365;
    public static final int MAX_CLINIC_WINDOW_DAYS = 731;

    private final AppointmentStore store;
    private final ClinicClock clock;
    private final int maxUpcomingBookings;
    private final OfferService offers;
    private final BookingPolicy clinicPolicy;
    private final BookingPolicy.NoShowLimit noShowLimit;

    public AppointmentService(AppointmentStore store, ClinicClock clock, int maxUpcomingBookings, OfferService offers,
                              BookingPolicy clinicPolicy, BookingPolicy.NoShowLimit noShowLimit) {
        this.store = store;
        this.clock = clock;
        this.maxUpcomingBookings = maxUpcomingBookings;
        this.offers = offers;
        this.clinicPolicy = clinicPolicy;
        this.noShowLimit = noShowLimit;
    }

    /**
     * Which doctor's slot, on which date; {@code patientId}: the patient named in the body (staff and
     * admins book and move for a patient; a patient may name only themselves).
     */
    public record SlotRequest(String doctorId, LocalDate date, int timeSlot, Optional<String> patientId) {}

    /** The filters of the appointment list. */
    public record ListQuery(Optional<LocalDate> from, Optional<LocalDate> to, Optional<Status> status) {}

    /**
     * Books an open slot for the calling patient: one read (the snapshot), one write. A write that
     * lost a race on an item it read (the Idempotency-Key's record) reads again: the replay is there.
     */
    public Appointment book(Caller caller, SlotRequest request, Optional<String> idempotencyKey) {
        String patientId = bookedFor(caller, request);
        requireUpcoming(request);
        Ids.requireUser("doctor", request.doctorId());
        String fingerprint = request.doctorId() + "|" + request.date() + "|" + request.timeSlot();
        return StaleRead.retrying(() -> {
            // An Idempotency-Key is the patient's: staff retrying a booking for them find it too.
            Snapshot snapshot = store.snapshot(patientId, null, request.doctorId(), request.date(), request.timeSlot(),
                    idempotencyKey.orElse(null));
            boolean forAnother = !patientId.equals(caller.id());
            if (forAnother && snapshot.patient().filter(p -> p.role() == Role.PATIENT).isEmpty()) {
                throw new Problem.Invalid("patient", "is not a registered patient");
            }
            Optional<Idempotency> replay = snapshot.replay().filter(r -> r.isLiveAt(clock.now()));
            if (replay.isPresent()) {
                return replay(replay.get(), fingerprint);
            }
            Transition booking;
            Availability target;
            try {
                booking = booking(snapshot.target(), patientId);
                target = allowedByPolicy(snapshot);
                allowedByNoShows(caller, caller.id(), snapshot);
                // A soft cap: bookings racing each other all see the same count (see docs/decisions.md).
                if (snapshot.upcoming().full(clock, maxUpcomingBookings)) {
                    throw Conflicts.bookingLimit(maxUpcomingBookings);
                }
            } catch (Problem.Conflict refusal) {
                // A batch read is read-committed: a retry racing its first request's commit can see that booking
                // (the slot taken, the count up) without its key's record. A single-item read settles it.
                Optional<Idempotency> remembered = idempotencyKey.flatMap(key -> store.remembered(patientId, key))
                        .filter(r -> r.isLiveAt(clock.now()));
                if (remembered.isPresent()) {
                    return replay(remembered.get(), fingerprint);
                }
                throw refusal;
            }
            UserRef patient = snapshot.patient()
                    .map(p -> new UserRef(p.id(), p.username(), p.name()))
                    .orElse(new UserRef(caller.id(), caller.username(), caller.username()));
            Appointment appointment = new Appointment(UUID.randomUUID().toString(), patient, target.doctor(),
                    target.date(), target.slot(), Status.BOOKED, clock.now(), 0, Appointment.Trail.bookedBy(Actor.of(caller)));
            Optional<Idempotency> record = idempotencyKey.map(key -> new Idempotency(patientId, key, fingerprint,
                    appointment, clock.now().plus(IDEMPOTENCY_TTL)));
            store.book(appointment, record, snapshot.upcoming().started(clock),
                    announce(BookingEvent.booked(committed(appointment), caller.id(), clock.now())), booking);
            return appointment;
        });
    }

    /** Exercises the transaction write path with a transaction that cannot succeed, for SnapStart priming. */
    public void primeWrites() {
        store.primeTransactions();
    }

    public Appointment get(Caller caller, String id) {
        if (!Ids.isOpaque(id)) {
            throw new Problem.NotFound("Appointment");
        }
        return store.byId(id).filter(a -> a.visibleTo(caller)).orElseThrow(() -> new Problem.NotFound("Appointment"));
    }

    /**
     * A page of the caller's appointments (an admin's or staff's: the clinic's) by date and time. Admins'
     * lists walk the clinic's month partitions, so their window is bounded: by default a year
     * either side of today; with only {@code from} or {@code to}, two years from or up to it; at
     * most {@value #MAX_CLINIC_WINDOW_DAYS} days.
     */
    public Page<Appointment> list(Caller caller, ListQuery query, PageRequest page) {
        Optional<LocalDate> from = query.from();
        Optional<LocalDate> to = query.to();
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw new Problem.Invalid("to", "must not be before from");
        }
        Listing listing = listingFor(caller);
        if (listing.isClinicWide()) {
            LocalDate today = clock.today();
            if (from.isEmpty() && to.isEmpty()) {
                from = Optional.of(today.minusDays(DEFAULT_CLINIC_WINDOW_DAYS));
                to = Optional.of(today.plusDays(DEFAULT_CLINIC_WINDOW_DAYS));
            } else if (to.isEmpty()) {
                to = Optional.of(Params.windowEnd(from.get(), MAX_CLINIC_WINDOW_DAYS));
            } else if (from.isEmpty()) {
                from = Optional.of(to.get().minusDays(MAX_CLINIC_WINDOW_DAYS - 1));
            } else if (ChronoUnit.DAYS.between(from.get(), to.get()) >= MAX_CLINIC_WINDOW_DAYS) {
                throw new Problem.Invalid("to", "the window of the clinic's list is at most " + MAX_CLINIC_WINDOW_DAYS + " days");
            }
        }
        String identity = "appointments|" + query.from().orElse(null) + "|" + query.to().orElse(null) + "|"
                + query.status().map(Status::wire).orElse("") + "|" + caller.id();
        return store.list(listing, from, to, query.status(), page.positionIn(identity), page).boundTo(identity);
    }

    /**
     * Moves a booked appointment to another open slot, atomically: the caller's own (a patient), or
     * any patient's (staff and admins, naming the patient), with an optional reason.
     */
    public Appointment reschedule(Caller caller, String id, SlotRequest request, Optional<CancelReason> reason) {
        String patientId = bookedFor(caller, request);
        if (!Ids.isOpaque(id)) {
            throw new Problem.NotFound("Appointment");
        }
        requireUpcoming(request);
        Ids.requireUser("doctor", request.doctorId());
        // A waiter offered the slot it leaves may change meanwhile (leave, take another offer): read and decide again.
        return StaleRead.retrying(() -> moveOnce(caller, patientId, id, request, reason));
    }

    private Appointment moveOnce(Caller caller, String patientId, String id, SlotRequest request, Optional<CancelReason> reason) {
        Snapshot snapshot = store.snapshot(null, id, request.doctorId(), request.date(), request.timeSlot(), null);
        Appointment current = snapshot.appointment().filter(a -> a.visibleTo(caller))
                .orElseThrow(() -> new Problem.NotFound("Appointment"));
        if (!current.patient().id().equals(caller.id()) && !actsForPatients(caller)) {
            throw new Problem.Forbidden("Only the appointment's patient, staff and admins may reschedule it");
        }
        if (!current.patient().id().equals(patientId)) {
            throw new Problem.Invalid("patient", "is not the appointment's patient");
        }
        if (current.isVisitRecorded()) {
            throw Conflicts.visitRecorded(current.status());
        }
        if (!current.isBooked()) {
            throw Conflicts.notBooked();
        }
        if (current.doctor().id().equals(request.doctorId()) && current.date().equals(request.date())
                && current.slot().id() == request.timeSlot()) {
            return current;
        }
        Transition booking = booking(snapshot.target(), patientId);
        Availability target = allowedByPolicy(snapshot);
        Appointment moved = new Appointment(current.id(), current.patient(), target.doctor(), target.date(),
                target.slot(), Status.BOOKED, current.createdAt(), current.version(),
                current.trail().rescheduled(Actor.of(caller), reason));
        // The slot it leaves is offered to its first waiter in the same write (issue 11); on a date of time off it closes.
        TimeOffFound.orClosing(away -> store.reschedule(current, moved,
                announce(BookingEvent.rescheduled(current, committed(moved), caller.id(), clock.now())),
                away ? Optional.empty() : offers.forOpening(current.doctor().id(), current.date(), current.slot(), Set.of()),
                release(Operation.MOVE_AWAY, current, away), booking, leavingGuard(caller, current)));
        return moved;
    }

    /**
     * Cancels and reopens the slot; cancelling a cancelled appointment changes nothing. If it changed
     * since it was read (cancelled or rescheduled meanwhile), it is read again and the current
     * version cancelled: the caller asked for it to be cancelled, wherever it now is.
     */
    public void cancel(Caller caller, String id, Optional<CancelReason> reason) {
        StaleRead.retry(() -> {
            Appointment read = get(caller, id);
            // Arrived, fulfilled or noshow: the visit's record stays (docs/decisions.md, "The visit").
            if (read.isVisitRecorded()) {
                throw Conflicts.visitRecorded(read.status());
            }
            if (read.isBooked()) {
                // Who cancelled it and why go with the cancel (issue 20).
                Appointment appointment = read.withTrail(read.trail().cancelled(Actor.of(caller), reason));
                // The slot reopens held for its first waiter, if one wants it, in the same write (issue 11);
                // on a date its doctor has time off it closes, offered to no one (issue 19).
                TimeOffFound.orClosing(away -> store.cancel(appointment, announce(BookingEvent.cancelled(
                                committed(appointment.withStatus(Status.CANCELLED)), caller.id(), clock.now())),
                        away ? Optional.empty() : offers.forOpening(appointment.doctor().id(), appointment.date(), appointment.slot(), Set.of()),
                        release(Operation.RELEASE, appointment, away), leavingGuard(caller, appointment)));
            }
        });
    }

    /**
     * Records the visit's status ({@code arrived}, {@code fulfilled}, {@code noshow}) as its doctor,
     * staff or an admin: {@link Visit} decides, the store writes it guarded on the version read, with
     * its event and, into or out of noshow, the patient's no-show count. A write that lost to another
     * change or a cancel reads again and decides again. Setting the status it has changes nothing.
     */
    public Appointment recordVisit(Caller caller, String id, Status to) {
        if (!Ids.isOpaque(id)) {
            throw new Problem.NotFound("Appointment");
        }
        return StaleRead.retrying(() -> {
            Appointment current = store.byId(id).filter(a -> a.visibleTo(caller)
                    || Visit.recorderRole(caller, a).isPresent()).orElseThrow(() -> new Problem.NotFound("Appointment"));
            String role = Visit.recorderRole(caller, current).orElseThrow(() ->
                    new Problem.Forbidden("Only the appointment's doctor, staff and admins record its visit"));
            Optional<Visit.Change> change = Visit.decide(current, to, clock.hasStarted(current.date(), current.slot().start()),
                    clock.now(), caller.id(), role);
            if (change.isEmpty()) {
                return current;
            }
            List<Visit.Change> history = new ArrayList<>(current.statusHistory());
            history.add(change.get());
            Appointment changed = new Appointment(current.id(), current.patient(), current.doctor(), current.date(),
                    current.slot(), to, current.createdAt(), current.version(), current.trail(), history);
            store.recordVisit(current, changed, change.get(), Visit.noShowDelta(current.status(), to),
                    announce(BookingEvent.statusChanged(current, committed(changed), caller.id(), clock.now())),
                    Visit.guard(current));
            return committed(changed);
        });
    }

    /**
     * Booked appointments whose doctor and/or patient matches, scoped as the list is, in date and
     * time order, a page at a time. Patients and doctors read their own scope's entries only, and a
     * term about themselves (a patient's {@code patient}, a doctor's {@code doctor}) is checked once
     * against their own name. Otherwise one term's index partition is read (with two, the one with
     * the longer word) and the whole match is checked on each entry, within the page's read budget.
     */
    public Page<Appointment> search(Caller caller, Optional<String> doctorTerm, Optional<String> patientTerm, PageRequest page) {
        if (doctorTerm.isEmpty() && patientTerm.isEmpty()) {
            throw new Problem.Invalid("doctor", "give doctor, patient or both");
        }
        Map<Role, List<String>> terms = new LinkedHashMap<>();
        doctorTerm.ifPresent(term -> terms.put(Role.DOCTOR, NameWords.term("doctor", term)));
        patientTerm.ifPresent(term -> terms.put(Role.PATIENT, NameWords.term("patient", term)));
        Optional<Role> own = caller.is(Role.ADMIN) || caller.is(Role.STAFF) ? Optional.empty()
                : caller.is(Role.DOCTOR) ? Optional.of(Role.DOCTOR)
                : caller.is(Role.PATIENT) ? Optional.of(Role.PATIENT) : Optional.empty();
        SearchScope scope = searchScopeFor(caller);
        String identity = "search|" + terms + "|" + caller.id();
        Optional<String> after = page.positionIn(identity);
        Predicate<Appointment> matches = a -> !a.isCancelled() && terms.entrySet().stream().allMatch(term -> {
            UserRef person = term.getKey() == Role.DOCTOR ? a.doctor() : a.patient();
            return NameWords.matches(term.getValue(), person.username(), person.name());
        });
        Map<Role, List<String>> others = new LinkedHashMap<>(terms);
        if (own.isPresent() && others.remove(own.get()) != null) {
            boolean aboutMe = store.anyOwn(scope)
                    .map(a -> matchesPerson(terms.get(own.get()), own.get() == Role.DOCTOR ? a.doctor() : a.patient()))
                    .orElse(false);
            if (!aboutMe) {
                return new Page<>(List.of(), Optional.empty());
            }
        }
        Optional<Map.Entry<Role, List<String>>> lookup = others.entrySet().stream()
                .max(Comparator.comparingInt(term -> NameWords.longest(term.getValue()).length()));
        return store.search(scope, lookup.map(Map.Entry::getKey), lookup.map(term -> NameWords.longest(term.getValue())).orElse(""),
                after, page, matches).boundTo(identity);
    }

    private static boolean matchesPerson(List<String> termWords, UserRef person) {
        return NameWords.matches(termWords, person.username(), person.name());
    }

    private static SearchScope searchScopeFor(Caller caller) {
        if (caller.is(Role.ADMIN) || caller.is(Role.STAFF)) {
            return SearchScope.clinic();
        }
        if (caller.is(Role.DOCTOR)) {
            return SearchScope.ofDoctor(caller.id());
        }
        if (caller.is(Role.PATIENT)) {
            return SearchScope.ofPatient(caller.id());
        }
        throw new Problem.Forbidden("Only patients, doctors, staff and admins have appointments");
    }

    private static Listing listingFor(Caller caller) {
        if (caller.is(Role.ADMIN) || caller.is(Role.STAFF)) {
            return Listing.all();
        }
        if (caller.is(Role.DOCTOR)) {
            return Listing.ofDoctor(caller.id());
        }
        if (caller.is(Role.PATIENT)) {
            return Listing.ofPatient(caller.id());
        }
        throw new Problem.Forbidden("Only patients, doctors, staff and admins have appointments");
    }

    /**
     * The appointment as a change commits it: the store writes the version after the one it was
     * read at (a new one is read at 0), and the change's event is named by that version.
     */
    private static Appointment committed(Appointment a) {
        return new Appointment(a.id(), a.patient(), a.doctor(), a.date(), a.slot(), a.status(), a.createdAt(),
                a.version() + 1, a.trail(), a.statusHistory());
    }

    /** Staff and admins book, move and cancel for any patient (issue 20). */
    private static boolean actsForPatients(Caller caller) {
        return caller.is(Role.STAFF) || caller.is(Role.ADMIN);
    }

    /**
     * Whom a booking or a move is for: the calling patient (who may name only themselves: 403
     * otherwise), or, for staff and admins, the patient the body names (400 without one).
     */
    private static String bookedFor(Caller caller, SlotRequest request) {
        if (caller.is(Role.PATIENT) && request.patientId().map(caller.id()::equals).orElse(true)) {
            return caller.id();
        }
        if (actsForPatients(caller)) {
            return Ids.requireUser("patient", request.patientId()
                    .orElseThrow(() -> new Problem.Invalid("patient", "is required: the patient the appointment is for")));
        }
        if (caller.is(Role.PATIENT)) {
            throw new Problem.Forbidden("An appointment is always booked for the calling patient; omit 'patient'");
        }
        throw new Problem.Forbidden("This operation is for patients, staff or admins only");
    }

    /** The outbox entry of a change: written in the change's own transaction, published from the stream. */
    private Outbox.Event announce(BookingEvent event) {
        return new Outbox.Event(event.id(), BookingEvent.SOURCE, event.type().wire(), event.occurredAt(),
                Json.write(event.detail(clock.zone())));
    }

    /**
     * Booking the slot, as the lifecycle decides it: open (or held past its deadline) and not started;
     * else the 409 that says why (the caller's own live offer holds it: OFFER_HELD, with how to take it).
     * The doctor's booking policy is the step after it ({@link #allowedByPolicy}).
     */
    private Transition booking(Optional<Availability> target, String patientId) {
        Optional<String> callersHold = target.flatMap(Availability::hold).filter(h -> h.patientId().equals(patientId))
                .map(Availability.Hold::entryId);
        boolean started = target.map(a -> clock.hasStarted(a.date(), a.slot().start())).orElse(false);
        return SlotLifecycle.transition(Operation.BOOK, Subject.of(target, started, clock.now()).heldForCaller(callersHold)
                .by(patientId));
    }

    /**
     * Releasing a booked appointment's slot (RELEASE: cancel; MOVE_AWAY: reschedule), guarded on the appointment as read;
     * {@code away}: its date was found in its doctor's time off, and the slot closes.
     */
    private Transition release(Operation operation, Appointment booked, boolean away) {
        Instant now = clock.now();
        return SlotLifecycle.transition(operation, Subject.of(State.BOOKED, clock.hasStarted(booked.date(),
                booked.slot().start()), now).of(booked).away(away));
    }

    /**
     * The step next to BOOK's decision: the doctor's booking policy as read in the same round trip
     * (the clinic's, under the doctor's own) allows the slot now; else TOO_FAR_AHEAD or TOO_SOON.
     */
    private Availability allowedByPolicy(Snapshot snapshot) {
        Availability slot = snapshot.target().orElseThrow();
        Optional<Problem.Conflict> refusal = clinicPolicy.under(snapshot.doctorPolicy())
                .checkBooking(slot.date(), slot.slot().start(), clock);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        return slot;
    }

    /**
     * The clinic's no-show limit, beside the doctor's policy: a patient booking for themselves with
     * too many recent no-shows (counted on the upcoming-bookings item the booking already read) is
     * refused with NO_SHOW_LIMIT; staff and admins booking for them are not.
     */
    private void allowedByNoShows(Caller caller, String patientId, Snapshot snapshot) {
        if (BookingPolicy.boundByNoShowLimit(caller, patientId)) {
            Optional<Problem.Conflict> refusal = noShowLimit.check(snapshot.upcoming(), clock);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
        }
    }

    /**
     * The cancellation cutoff, for a patient leaving an appointment (RELEASE, MOVE_AWAY): the write
     * holds it against the doctor's policy item (BookingPolicy.CutoffGuard), so the cancel still
     * reads only the appointment. Doctors and admins are exempt.
     */
    private Optional<BookingPolicy.CutoffGuard> leavingGuard(Caller caller, Appointment leaving) {
        if (!BookingPolicy.boundByCutoff(caller)) {
            return Optional.empty();
        }
        return Optional.of(clinicPolicy.cutoffGuard(clock.at(leaving.date(), leaving.slot().start()).toInstant(), clock.now()));
    }

    private void requireUpcoming(SlotRequest request) {
        if (request.date().isBefore(clock.today())) {
            throw new Problem.Invalid("date", "must not be in the past");
        }
    }

    /**
     * The booking a repeated key made, as it is now: moved since, where it is now; cancelled since,
     * 409 APPOINTMENT_CANCELLED (a 2xx would tell the client it holds it). See docs/decisions.md.
     */
    private Appointment replay(Idempotency record, String fingerprint) {
        if (!record.fingerprint().equals(fingerprint)) {
            throw Conflicts.idempotencyKeyReused();
        }
        Appointment now = store.byId(record.appointment().id()).orElse(record.appointment());
        if (now.isCancelled()) {
            throw Conflicts.appointmentCancelled(now.id());
        }
        return now;
    }
}
