package clinic.appointments;

import clinic.domain.Appointment;
import clinic.domain.Appointment.Status;
import clinic.domain.Availability;
import clinic.domain.BookingEvent;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Conflicts;
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

    public AppointmentService(AppointmentStore store, ClinicClock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Which doctor's slot, on which date. */
    public record SlotRequest(String doctorId, LocalDate date, int timeSlot) {}

    /** The filters of the appointment list. */
    public record ListQuery(Optional<LocalDate> from, Optional<LocalDate> to, Optional<Status> status) {}

    public Appointment book(Caller caller, SlotRequest request, Optional<String> idempotencyKey) {
        caller.require(Role.PATIENT);
        requireUpcoming(request);
        String fingerprint = request.doctorId() + "|" + request.date() + "|" + request.timeSlot();
        Snapshot snapshot = store.snapshot(caller.id(), null, request.doctorId(), request.date(), request.timeSlot(),
                idempotencyKey.orElse(null));
        if (snapshot.replay().isPresent()) {
            return replay(snapshot.replay().get(), fingerprint);
        }
        Availability target = snapshot.target().filter(this::bookable).orElseThrow(Conflicts::slotUnavailable);
        UserRef patient = snapshot.patient()
                .map(p -> new UserRef(p.id(), p.username(), p.name()))
                .orElse(new UserRef(caller.id(), caller.username(), caller.username()));
        Appointment appointment = new Appointment(UUID.randomUUID().toString(), patient, target.doctor(),
                target.date(), target.slot(), Status.BOOKED, clock.now(), 1);
        Optional<Idempotency> record = idempotencyKey.map(key -> new Idempotency(caller.id(), key, fingerprint,
                appointment, clock.now().plus(IDEMPOTENCY_TTL)));
        try {
            store.book(appointment, record, announce(BookingEvent.booked(appointment, caller.id(), clock.now())));
        } catch (AppointmentStore.KeyAlreadyUsed raced) {
            return replay(store.idempotency(caller.id(), idempotencyKey.orElseThrow()).orElseThrow(Problem.Busy::new), fingerprint);
        }
        return appointment;
    }

    /** Exercises the transaction write path with a transaction that cannot succeed, for SnapStart priming. */
    public void primeWrites() {
        store.primeTransactions();
    }

    public Appointment get(Caller caller, String id) {
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
        requireUpcoming(request);
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
                target.slot(), Status.BOOKED, current.createdAt(), current.version() + 1);
        store.reschedule(current, moved, announce(BookingEvent.rescheduled(current, moved, caller.id(), clock.now())));
        return moved;
    }

    /** Cancels and reopens the slot; cancelling a cancelled appointment changes nothing. */
    public void cancel(Caller caller, String id) {
        Appointment appointment = get(caller, id);
        if (!appointment.isBooked()) {
            return;
        }
        try {
            Appointment cancelled = appointment.withStatus(Status.CANCELLED).nextVersion();
            store.cancel(appointment, announce(BookingEvent.cancelled(cancelled, caller.id(), clock.now())));
        } catch (Problem.Conflict alreadyCancelled) {
            // a concurrent cancel won; the outcome the caller asked for holds
        }
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
