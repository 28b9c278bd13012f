package clinic.appointments;

import clinic.domain.Appointment;
import clinic.domain.Appointment.Status;
import clinic.domain.Availability;
import clinic.domain.BookingEvent;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Conflicts;
import clinic.domain.Ids;
import clinic.domain.NameWords;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.UserRef;
import clinic.http.Json;
import clinic.store.AppointmentStore;
import clinic.store.AppointmentStore.Idempotency;
import clinic.store.AppointmentStore.Listing;
import clinic.store.AppointmentStore.Snapshot;
import clinic.store.Outbox;
import clinic.store.StaleRead;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Booking, rescheduling, cancelling, listing and searching appointments. The store's transactions
 * are the guard against double booking; the reads here only pick the right 4xx early and fill in
 * names and times.
 */
public final class AppointmentService {
    public static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

    private final AppointmentStore store;
    private final ClinicClock clock;
    private final int maxUpcomingBookings;

    public AppointmentService(AppointmentStore store, ClinicClock clock, int maxUpcomingBookings) {
        this.store = store;
        this.clock = clock;
        this.maxUpcomingBookings = maxUpcomingBookings;
    }

    /** Which doctor's slot, on which date. */
    public record SlotRequest(String doctorId, LocalDate date, int timeSlot) {}

    /** The filters of the appointment list. */
    public record ListQuery(Optional<LocalDate> from, Optional<LocalDate> to, Optional<Status> status) {}

    /**
     * Books an open slot for the calling patient: one read (the snapshot), one write. A write that
     * lost a race on an item it read (the Idempotency-Key's record) reads again: the replay is there.
     */
    public Appointment book(Caller caller, SlotRequest request, Optional<String> idempotencyKey) {
        caller.require(Role.PATIENT);
        requireUpcoming(request);
        Ids.requireUser("doctor", request.doctorId());
        String fingerprint = request.doctorId() + "|" + request.date() + "|" + request.timeSlot();
        return StaleRead.retrying(() -> {
            Snapshot snapshot = store.snapshot(caller.id(), null, request.doctorId(), request.date(), request.timeSlot(),
                    idempotencyKey.orElse(null));
            if (snapshot.replay().isPresent()) {
                return replay(snapshot.replay().get(), fingerprint);
            }
            Availability target = snapshot.target().filter(this::bookable).orElseThrow(Conflicts::slotUnavailable);
            // A soft cap: bookings racing each other all see the same count (see docs/decisions.md).
            if (snapshot.upcoming().full(clock, maxUpcomingBookings)) {
                throw Conflicts.bookingLimit(maxUpcomingBookings);
            }
            UserRef patient = snapshot.patient()
                    .map(p -> new UserRef(p.id(), p.username(), p.name()))
                    .orElse(new UserRef(caller.id(), caller.username(), caller.username()));
            Appointment appointment = new Appointment(UUID.randomUUID().toString(), patient, target.doctor(),
                    target.date(), target.slot(), Status.BOOKED, clock.now());
            Optional<Idempotency> record = idempotencyKey.map(key -> new Idempotency(caller.id(), key, fingerprint,
                    appointment, clock.now().plus(IDEMPOTENCY_TTL)));
            store.book(appointment, record, snapshot.upcoming().started(clock),
                    announce(BookingEvent.booked(committed(appointment), caller.id(), clock.now())));
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

    public Page<Appointment> list(Caller caller, ListQuery query, PageRequest page) {
        if (query.from().isPresent() && query.to().isPresent() && query.to().get().isBefore(query.from().get())) {
            throw new Problem.Invalid("to", "must not be before from");
        }
        return store.list(listingFor(caller), query.from(), query.to(), query.status(), page);
    }

    /** Moves the caller's booked appointment to another open slot, atomically. */
    public Appointment reschedule(Caller caller, String id, SlotRequest request) {
        caller.require(Role.PATIENT);
        if (!Ids.isOpaque(id)) {
            throw new Problem.NotFound("Appointment");
        }
        requireUpcoming(request);
        Ids.requireUser("doctor", request.doctorId());
        Snapshot snapshot = store.snapshot(null, id, request.doctorId(), request.date(), request.timeSlot(), null);
        Appointment current = snapshot.appointment().filter(a -> a.visibleTo(caller))
                .orElseThrow(() -> new Problem.NotFound("Appointment"));
        if (!current.patient().id().equals(caller.id())) {
            throw new Problem.Forbidden("Only the appointment's patient may reschedule it");
        }
        if (!current.isBooked()) {
            throw Conflicts.notBooked();
        }
        if (current.doctor().id().equals(request.doctorId()) && current.date().equals(request.date())
                && current.slot().id() == request.timeSlot()) {
            return current;
        }
        Availability target = snapshot.target().filter(this::bookable).orElseThrow(Conflicts::slotUnavailable);
        Appointment moved = new Appointment(current.id(), current.patient(), target.doctor(), target.date(),
                target.slot(), Status.BOOKED, current.createdAt(), current.version());
        store.reschedule(current, moved,
                announce(BookingEvent.rescheduled(current, committed(moved), caller.id(), clock.now())));
        return moved;
    }

    /**
     * Cancels and reopens the slot; cancelling a cancelled appointment changes nothing. If it changed
     * since it was read (cancelled or rescheduled meanwhile), it is read again and the current
     * version cancelled: the caller asked for it to be cancelled, wherever it now is.
     */
    public void cancel(Caller caller, String id) {
        StaleRead.retry(() -> {
            Appointment appointment = get(caller, id);
            if (appointment.isBooked()) {
                store.cancel(appointment, announce(BookingEvent.cancelled(
                        committed(appointment.withStatus(Status.CANCELLED)), caller.id(), clock.now())));
            }
        });
    }

    /** Booked appointments whose doctor and/or patient matches, scoped as the list is. */
    public Page<Appointment> search(Caller caller, Optional<String> doctorTerm, Optional<String> patientTerm, PageRequest page) {
        if (doctorTerm.isEmpty() && patientTerm.isEmpty()) {
            throw new Problem.Invalid("doctor", "give doctor, patient or both");
        }
        Listing scope = listingFor(caller);
        Map<String, Appointment> matches = null;
        for (Role role : List.of(Role.DOCTOR, Role.PATIENT)) {
            Optional<String> term = role == Role.DOCTOR ? doctorTerm : patientTerm;
            if (term.isEmpty()) {
                continue;
            }
            String field = role == Role.DOCTOR ? "doctor" : "patient";
            List<String> words = NameWords.term(field, term.get());
            if (words.isEmpty()) {
                throw new Problem.Invalid(field, "must contain a letter or digit");
            }
            Map<String, Appointment> found = new LinkedHashMap<>();
            for (Appointment a : store.withNameWord(role, words.get(0))) {
                UserRef person = role == Role.DOCTOR ? a.doctor() : a.patient();
                if (a.isBooked() && scope.includes(a) && NameWords.matches(words, person.username(), person.name())) {
                    found.put(a.id(), a);
                }
            }
            if (matches == null) {
                matches = found;
            } else {
                matches.keySet().retainAll(found.keySet());
            }
        }
        List<Appointment> sorted = new ArrayList<>(matches.values());
        sorted.sort(Comparator.comparing(Appointment::date).thenComparing(a -> a.slot().start()).thenComparing(Appointment::id));
        return Page.slice(sorted, page.offset(), page.limit());
    }

    private static Listing listingFor(Caller caller) {
        if (caller.is(Role.ADMIN)) {
            return Listing.all();
        }
        if (caller.is(Role.DOCTOR)) {
            return Listing.ofDoctor(caller.id());
        }
        if (caller.is(Role.PATIENT)) {
            return Listing.ofPatient(caller.id());
        }
        throw new Problem.Forbidden("Only patients, doctors and admins have appointments");
    }

    /**
     * The appointment as a change commits it: the store writes the version after the one it was
     * read at (a new one is read at 0), and the change's event is named by that version.
     */
    private static Appointment committed(Appointment a) {
        return new Appointment(a.id(), a.patient(), a.doctor(), a.date(), a.slot(), a.status(), a.createdAt(),
                a.version() + 1);
    }

    /** The outbox entry of a change: written in the change's own transaction, published from the stream. */
    private Outbox.Event announce(BookingEvent event) {
        return new Outbox.Event(event.id(), BookingEvent.SOURCE, event.type().wire(), event.occurredAt(),
                Json.write(event.detail(clock.zone())));
    }

    private boolean bookable(Availability availability) {
        return availability.isOpen() && !clock.hasStarted(availability.date(), availability.slot().start());
    }

    private void requireUpcoming(SlotRequest request) {
        if (request.date().isBefore(clock.today())) {
            throw new Problem.Invalid("date", "must not be in the past");
        }
    }

    private static Appointment replay(Idempotency record, String fingerprint) {
        if (!record.fingerprint().equals(fingerprint)) {
            throw Conflicts.idempotencyKeyReused();
        }
        return record.appointment();
    }
}
