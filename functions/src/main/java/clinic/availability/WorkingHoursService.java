package clinic.availability;

import clinic.domain.Actor;
import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.BookingEvent;
import clinic.domain.CancelReason;
import clinic.domain.Caller;
import clinic.domain.Conflicts;
import clinic.domain.ClinicClock;
import clinic.domain.Ids;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.SlotLifecycle.Next;
import clinic.domain.SlotLifecycle.Operation;
import clinic.domain.SlotLifecycle.State;
import clinic.domain.SlotLifecycle.Subject;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.SlotLifecycle;
import clinic.domain.StaleRead;
import clinic.domain.TimeOff;
import clinic.domain.TimeSlot;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.domain.WeeklyPattern;
import clinic.http.Json;
import clinic.store.AppointmentStore;
import clinic.store.AvailabilityStore;
import clinic.store.Outbox;
import clinic.store.TimeSlotStore;
import clinic.store.UserStore;
import clinic.store.WorkingHoursStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A doctor's weekly pattern (issue 19), and the availabilities it keeps for a rolling horizon: filled
 * at once when the pattern changes, and each day by the roll-forward ({@code RollWorkingHours}).
 * The fill declares what the pattern names and the date lacks (through the declaration's path, so
 * a date's waiters get their offers), removes the open slots it no longer names, and leaves alone
 * every booked or held slot, every closed one, and every date the doctor edited by hand. Running it
 * twice changes nothing the first run did not.
 */
public final class WorkingHoursService {
    public static final int DEFAULT_HORIZON_WEEKS = 8;
    /** The days at the horizon's end that a day's roll-forward fills: the new date, and any a failed run left. */
    static final int ROLL_DAYS = 7;

    private final WorkingHoursStore hours;
    private final AvailabilityService availabilities;
    private final AvailabilityStore store;
    private final TimeSlotStore timeSlots;
    private final UserStore users;
    private final ClinicClock clock;
    private final int horizonWeeks;
    private final AppointmentStore appointments;

    public WorkingHoursService(WorkingHoursStore hours, AvailabilityService availabilities, AvailabilityStore store,
                               TimeSlotStore timeSlots, UserStore users, ClinicClock clock, int horizonWeeks,
                               AppointmentStore appointments) {
        this.hours = hours;
        this.availabilities = availabilities;
        this.store = store;
        this.timeSlots = timeSlots;
        this.users = users;
        this.clock = clock;
        this.horizonWeeks = horizonWeeks;
        this.appointments = appointments;
    }

    /** What a fill did: availabilities declared and removed, and the booked ones the pattern no longer names. */
    public record Fill(int declared, int removed, List<Availability> conflicts) {
        static final Fill NOTHING = new Fill(0, 0, List.of());

        Fill plus(Fill other) {
            List<Availability> all = new ArrayList<>(conflicts);
            all.addAll(other.conflicts);
            return new Fill(declared + other.declared, removed + other.removed, all);
        }
    }

    /** A pattern as set, and the booked appointments in hours it no longer names (cancelled by nothing). */
    public record Changed(WeeklyPattern pattern, List<Availability> conflicts) {}

    /**
     * Sets the doctor's pattern from its {@code effective_from} (replacing those that start on or after
     * it) and fills the horizon at once.
     */
    public Changed set(Caller caller, String doctorId, WeeklyPattern pattern) {
        UserRef doctor = doctor(caller, doctorId);
        if (pattern.effectiveFrom().isBefore(clock.today())) {
            throw new Problem.Invalid("effective_from", "must not be in the past");
        }
        List<WeeklyPattern> existing = hours.patterns(doctor.id());
        List<WeeklyPattern> superseded = existing.stream().filter(p -> !p.effectiveFrom().isBefore(pattern.effectiveFrom())).toList();
        List<WeeklyPattern> kept = existing.stream().filter(p -> p.effectiveFrom().isBefore(pattern.effectiveFrom())).toList();
        hours.set(doctor, pattern, kept, superseded);
        // Only its own dates change: those before it keep the pattern they had.
        Fill fill = fill(doctor, pattern.effectiveFrom(), lastDate());
        return new Changed(pattern, fill.conflicts());
    }

    /** The doctor's pattern in force and those to come. */
    public List<WeeklyPattern> patterns(Caller caller, String doctorId) {
        UserRef doctor = doctorToRead(caller, doctorId);
        return WeeklyPattern.current(hours.patterns(doctor.id()), clock.today());
    }

    /**
     * The day's roll-forward: every doctor whose patterns reach the last {@value #ROLL_DAYS} days of the
     * horizon, those days (one Query lists the doctors; those whose hours ended cost nothing more).
     */
    public Fill rollForward() {
        LocalDate last = lastDate();
        LocalDate first = last.minusDays(ROLL_DAYS - 1);
        LocalDate from = first.isBefore(clock.today()) ? clock.today() : first;
        Fill total = Fill.NOTHING;
        for (WorkingHoursStore.DoctorWithHours doctor : hours.doctors()) {
            if (doctor.worksOnOrAfter(from)) {
                total = total.plus(fill(doctor.doctor(), from, last));
            }
        }
        return total;
    }

    /** The whole horizon of every doctor with a pattern (./dev bench --clinic's "full top-up"). */
    public Fill topUpAll() {
        Fill total = Fill.NOTHING;
        for (WorkingHoursStore.DoctorWithHours doctor : hours.doctors()) {
            if (doctor.worksOnOrAfter(clock.today())) {
                total = total.plus(fill(doctor.doctor(), clock.today(), lastDate()));
            }
        }
        return total;
    }

    private LocalDate lastDate() {
        return clock.today().plusWeeks(horizonWeeks).minusDays(1);
    }

    /** Makes the doctor's dates from {@code from} to {@code to} match their pattern, date by date. */
    Fill fill(UserRef doctor, LocalDate from, LocalDate to) {
        List<WeeklyPattern> patterns = hours.patterns(doctor.id());
        // Dates before the doctor's first pattern are not the pattern's: what is there was declared by hand.
        Optional<LocalDate> first = patterns.stream().map(WeeklyPattern::effectiveFrom).min(LocalDate::compareTo);
        if (first.isEmpty() || to.isBefore(from)) {
            return Fill.NOTHING;
        }
        if (from.isBefore(first.get())) {
            from = first.get();
        }
        Set<LocalDate> edited = hours.editedBetween(doctor.id(), from, to);
        Map<LocalDate, Map<Integer, Availability>> existing = new HashMap<>();
        for (Availability a : hours.availabilities(doctor.id(), from, to)) {
            existing.computeIfAbsent(a.date(), d -> new HashMap<>()).put(a.slot().id(), a);
        }
        List<TimeSlot> catalog = timeSlots.catalog().slots();
        Fill total = Fill.NOTHING;
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            if (!edited.contains(date)) {
                total = total.plus(fillDate(doctor, date, patterns, catalog, existing.getOrDefault(date, Map.of())));
            }
        }
        return total;
    }

    private Fill fillDate(UserRef doctor, LocalDate date, List<WeeklyPattern> patterns, List<TimeSlot> catalog,
                          Map<Integer, Availability> have) {
        LocalDate day = date;
        List<TimeSlot> named = WeeklyPattern.inForce(patterns, date)
                .map(p -> p.slotsOn(day, catalog, clock.zone())).orElse(List.of());
        Set<Integer> namedIds = named.stream().map(TimeSlot::id).collect(Collectors.toSet());
        List<TimeSlot> toDeclare = named.stream()
                .filter(slot -> decide(Operation.DECLARE, Optional.ofNullable(have.get(slot.id())), date, slot) == Next.OPENED)
                .toList();
        int removed = 0;
        List<Availability> conflicts = new ArrayList<>();
        for (Availability a : have.values().stream().sorted(Comparator.comparing(a -> a.slot().start())).toList()) {
            if (namedIds.contains(a.slot().id())) {
                continue;
            }
            State state = SlotLifecycle.stateOf(Optional.of(a), clock.now());
            if (state == State.BOOKED) {
                conflicts.add(a);
            } else if (state == State.OPEN && decide(Operation.REMOVE, Optional.of(a), date, a.slot()) == Next.REMOVED) {
                removed += remove(a) ? 1 : 0;
            }
        }
        int declared = 0;
        if (!toDeclare.isEmpty()) {
            try {
                declared = availabilities.fill(doctor, date, toDeclare).size();
            } catch (StaleRead | Problem.Conflict changedMeanwhile) {
                // Edited by hand, declared by another run, or a slot changed by an admin since the read:
                // the date is as someone else left it; the next run fills what is still missing.
            }
        }
        return new Fill(declared, removed, conflicts);
    }

    /** Removes an open slot the pattern no longer names, unless it changed or its date was edited by hand since the read. */
    private boolean remove(Availability a) {
        try {
            store.deleteUnlessEdited(a, SlotLifecycle.transition(Operation.REMOVE, SlotLifecycle.Subject.of(Optional.of(a),
                    clock.hasStarted(a.date(), a.slot().start()), clock.now())));
            return true;
        } catch (StaleRead | Problem.Conflict changedMeanwhile) {
            return false;
        }
    }

    /**
     * What the lifecycle makes of the pattern's operation on a slot as read; started slots are left
     * alone (a refusal is "not this one").
     */
    private Next decide(Operation operation, Optional<Availability> current, LocalDate date, TimeSlot slot) {
        if (clock.hasStarted(date, slot.start())) {
            return Next.UNCHANGED;
        }
        return SlotLifecycle.decide(operation, SlotLifecycle.stateOf(current, clock.now()), false, Optional.empty())
                .next().orElse(Next.UNCHANGED);
    }

    /**
     * A time off as taken, the slots it closed, and the booked and held slots of its dates: {@code booked}, the
     * booked appointments it left (or, asked to cancel them, those it cancelled); {@code held}, the slots held
     * by a live offer.
     */
    public record TimeOffTaken(TimeOff timeOff, int closed, List<Availability> booked, List<Availability> held) {}

    /**
     * Takes time off (issue 19): records it and marks its dates (from then on no fill of the pattern's
     * commits on them), then closes every open slot in the range through the lifecycle's CLOSE, reading
     * them after the marks so a fill that committed first is seen. Booked slots stay booked (listed),
     * unless {@code cancelBooked}: then each appointment is cancelled as its doctor's cancel would be, and
     * its slot closes with it ({@link #cancelForTimeOff}). A slot held by a live offer stays held (listed):
     * the waiter was promised it until the deadline.
     */
    public TimeOffTaken takeTimeOff(Caller caller, String doctorId, TimeOff asked, boolean cancelBooked) {
        UserRef doctor = doctor(caller, doctorId);
        TimeOff timeOff = StaleRead.retrying(() -> recorded(doctor, asked));
        hours.markTimeOff(doctor.id(), timeOff);
        int closed = 0;
        for (Availability a : hours.availabilities(doctor.id(), timeOff.from(), timeOff.to())) {
            closed += availabilities.closeForTimeOff(a) ? 1 : 0;
        }
        List<Availability> booked = new ArrayList<>();
        List<Availability> held = new ArrayList<>();
        // Read after the closes: a booking that won its race against a close is booked here, and cancelled if asked.
        // A slot still open here was missing from the first read or stale in it (a Query is read-committed: it can
        // show part of a fill or a reschedule that committed before the marks), and is closed now.
        for (Availability a : hours.availabilities(doctor.id(), timeOff.from(), timeOff.to())) {
            State state = SlotLifecycle.stateOf(Optional.of(a), clock.now());
            if (state == State.BOOKED && (!cancelBooked || cancelForTimeOff(caller, a, timeOff))) {
                booked.add(a);
            } else if (state == State.HELD) {
                held.add(a);
            } else if (state == State.OPEN || state == State.LAPSED) {
                closed += availabilities.closeForTimeOff(a) ? 1 : 0;
            }
        }
        return new TimeOffTaken(timeOff, closed, booked, held);
    }

    /**
     * The time off asked, recorded unless it overlaps another (409 TIME_OFF_OVERLAPS). The same request
     * again (a client's retry after a 503, or after a lost answer) is the time off the first recorded, and
     * carries on with it, marking and closing what is left. A new one is recorded only if the doctor recorded
     * none since their time off was read (the version read first), so two overlapping ones racing cannot both
     * be taken: the one that loses reads again and is refused ({@link StaleRead}).
     */
    private TimeOff recorded(UserRef doctor, TimeOff asked) {
        long version = hours.timeOffVersion(doctor.id());
        for (TimeOff other : hours.timeOff(doctor.id())) {
            if (other.from().equals(asked.from()) && other.to().equals(asked.to()) && other.reason().equals(asked.reason())) {
                return other;
            } else if (other.overlaps(asked)) {
                throw Conflicts.timeOffOverlaps(other);
            }
        }
        TimeOff timeOff = new TimeOff(UUID.randomUUID().toString(), asked.from(), asked.to(), asked.reason());
        hours.recordTimeOff(doctor.id(), timeOff, version);
        return timeOff;
    }

    /**
     * Cancels the appointment that books {@code slot} for the time off, as its doctor's cancel would be (its
     * event, so its emails and its reminder's end; the event carries the time off's reason), and closes the
     * slot in the same write (the lifecycle's RELEASE_CLOSED): it is offered to no waiter, since the doctor
     * is away then. One transaction an appointment, so a month of them is never one transaction. Read again
     * if it changed; false if it no longer books that slot (cancelled or moved meanwhile) or its half hour
     * has started (a visit under way or past is not the time off's to cancel).
     */
    private boolean cancelForTimeOff(Caller caller, Availability slot, TimeOff timeOff) {
        if (clock.hasStarted(slot.date(), slot.slot().start())) {
            return false;
        }
        return StaleRead.retrying(() -> {
            Optional<Appointment> current = appointments.byId(slot.appointmentId()).filter(a -> a.isBooked()
                    && a.doctor().id().equals(slot.doctor().id()) && a.date().equals(slot.date()) && a.slot().id() == slot.slot().id());
            if (current.isEmpty()) {
                return false;
            }
            // Who and why, as any cancel records them (issue 20): the caller, the doctor being unavailable,
            // and the time off's reason as its text (its first 200 characters; the time off keeps it whole).
            Appointment booked = current.get().withTrail(current.get().trail().cancelled(Actor.of(caller),
                    Optional.of(new CancelReason(CancelReason.Code.DOCTOR_UNAVAILABLE, Optional.of(firstCodePoints(timeOff.reason(), CancelReason.MAX_TEXT))))));
            Instant now = clock.now();
            Transition closing = SlotLifecycle.transition(Operation.RELEASE_CLOSED, Subject.of(State.BOOKED, false, now).of(booked));
            // The store writes the next version; the event is named by it.
            Appointment cancelled = new Appointment(booked.id(), booked.patient(), booked.doctor(), booked.date(), booked.slot(),
                    Appointment.Status.CANCELLED, booked.createdAt(), booked.version() + 1, booked.trail());
            BookingEvent event = BookingEvent.cancelled(cancelled, caller.id(), now);
            appointments.cancel(booked, new Outbox.Event(event.id(), BookingEvent.SOURCE, event.type().wire(), event.occurredAt(),
                    Json.write(event.detail(clock.zone()))), Optional.empty(), closing, Optional.empty());
            return true;
        });
    }

    /** The doctor's time off, by its first date. */
    public List<TimeOff> timeOff(Caller caller, String doctorId) {
        UserRef doctor = doctorToRead(caller, doctorId);
        return hours.timeOff(doctor.id()).stream().sorted(Comparator.comparing(TimeOff::from)).toList();
    }

    /**
     * Ends a time off: its dates go back to the pattern at once. The marks still its own are deleted
     * (a date the doctor edited by hand meanwhile stays theirs), the slots it closed on those dates
     * that the pattern names are reopened (offered to waiters as any reopened slot), the pattern
     * fills what is missing within the horizon, and only then is the time off forgotten: each step
     * can run twice, so a retry after a failure finishes what the first try began.
     */
    public void endTimeOff(Caller caller, String doctorId, String timeOffId) {
        UserRef doctor = doctor(caller, doctorId);
        TimeOff timeOff = hours.timeOff(doctor.id()).stream().filter(t -> t.id().equals(timeOffId)).findFirst()
                .orElseThrow(() -> new Problem.NotFound("Time off"));
        hours.unmarkTimeOff(doctor.id(), timeOff);
        // The dates with no mark now are the pattern's: the time off's own, unmarked now or by an earlier
        // try of this request; a mark still there is a hand edit's.
        Set<LocalDate> edited = hours.editedBetween(doctor.id(), timeOff.from(), timeOff.to());
        Set<LocalDate> givenBack = timeOff.dates().stream().filter(d -> !edited.contains(d)).collect(Collectors.toSet());
        List<WeeklyPattern> patterns = hours.patterns(doctor.id());
        Optional<LocalDate> first = patterns.stream().map(WeeklyPattern::effectiveFrom).min(LocalDate::compareTo);
        if (first.isEmpty()) {
            hours.forgetTimeOff(doctor.id(), timeOff.id());
            return;
        }
        List<TimeSlot> catalog = timeSlots.catalog().slots();
        for (Availability a : hours.availabilities(doctor.id(), timeOff.from(), timeOff.to())) {
            boolean named = WeeklyPattern.inForce(patterns, a.date()).map(p -> p.slotsOn(a.date(), catalog, clock.zone()))
                    .orElse(List.of()).stream().anyMatch(slot -> slot.id() == a.slot().id());
            if (givenBack.contains(a.date()) && !a.date().isBefore(first.get()) && named
                    && SlotLifecycle.stateOf(Optional.of(a), clock.now()) == State.CLOSED) {
                availabilities.reopenAfterTimeOff(a);
            }
        }
        LocalDate from = timeOff.from().isBefore(clock.today()) ? clock.today() : timeOff.from();
        LocalDate to = timeOff.to().isAfter(lastDate()) ? lastDate() : timeOff.to();
        fill(doctor, from, to);
        // Last, so a request that fails before here can be sent again and finishes the job.
        hours.forgetTimeOff(doctor.id(), timeOff.id());
    }

    /** The doctor whose hours these are, to change: the caller themself if a doctor, any doctor for an admin. */
    private UserRef doctor(Caller caller, String doctorId) {
        caller.require(Role.DOCTOR, Role.ADMIN);
        return doctorSeenBy(caller, doctorId, caller.is(Role.ADMIN));
    }

    /** The doctor whose hours these are, to read: staff too see every doctor's schedule (issue 20), and change none. */
    private UserRef doctorToRead(Caller caller, String doctorId) {
        caller.require(Role.DOCTOR, Role.ADMIN, Role.STAFF);
        return doctorSeenBy(caller, doctorId, caller.is(Role.ADMIN) || caller.is(Role.STAFF));
    }

    private UserRef doctorSeenBy(Caller caller, String doctorId, boolean anyDoctor) {
        if (!Ids.isOpaque(doctorId)) {
            throw new Problem.NotFound("Doctor");
        }
        if (!anyDoctor && !caller.id().equals(doctorId)) {
            throw new Problem.Forbidden("Only that doctor and admins may set, and staff see, a doctor's hours and time off");
        }
        UserProfile profile = users.profile(doctorId).filter(p -> p.role() == Role.DOCTOR)
                .orElseThrow(() -> new Problem.NotFound("Doctor"));
        return new UserRef(profile.id(), profile.username(), profile.name());
    }

    private static String firstCodePoints(String text, int most) {
        return text.codePointCount(0, text.length()) <= most ? text : text.substring(0, text.offsetByCodePoints(0, most));
    }
}
