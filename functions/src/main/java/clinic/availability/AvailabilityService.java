package clinic.availability;

import clinic.domain.Availability.Status;
import clinic.domain.Availability;
import clinic.domain.BookingPolicy;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Ids;
import clinic.domain.OpenSlotOrdering;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.SlotLifecycle.Next;
import clinic.domain.SlotLifecycle.Operation;
import clinic.domain.SlotLifecycle.Subject;
import clinic.domain.SlotLifecycle.Transition;
import clinic.domain.SlotLifecycle;
import clinic.domain.StaleRead;
import clinic.domain.TimeSlot;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.http.Params;
import clinic.http.Telemetry;
import clinic.offers.OfferService;
import clinic.store.AvailabilityStore;
import clinic.store.OfferStore;
import clinic.store.PolicyStore;
import clinic.store.TimeSlotStore;
import clinic.store.UserStore;
import java.time.Instant;
import clinic.store.WorkingHoursStore;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Doctors declare, close, reopen, move and delete their availabilities; everyone lists the open ones. */
public final class AvailabilityService {
    public static final int MAX_PER_REQUEST = 32;
    public static final int DEFAULT_WINDOW_DAYS = 14;
    public static final int MAX_WINDOW_DAYS = 62;
    /** Tries of an offer made after its declaration, each against the slot and the queue as they then are. */
    private static final int FOLLOW_UP_ATTEMPTS = 3;
    /** Ids are Cognito subs (36 characters); anything much longer cannot name a doctor, nor be an index key. */

    private final AvailabilityStore store;
    private final TimeSlotStore timeSlots;
    private final UserStore users;
    private final ClinicClock clock;
    private final OfferService offers;
    private final PolicyStore policies;
    private final BookingPolicy clinicPolicy;
    private final WorkingHoursStore workingHours;
    private final clinic.store.DirectoryStore directory;

    public AvailabilityService(AvailabilityStore store, TimeSlotStore timeSlots, UserStore users, ClinicClock clock,
                               OfferService offers, PolicyStore policies, BookingPolicy clinicPolicy, WorkingHoursStore workingHours,
                               clinic.store.DirectoryStore directory) {
        this.store = store;
        this.timeSlots = timeSlots;
        this.users = users;
        this.clock = clock;
        this.offers = offers;
        this.policies = policies;
        this.clinicPolicy = clinicPolicy;
        this.workingHours = workingHours;
        this.directory = directory;
    }

    /** One declared (date, slot): open when {@code available}, else closed. */
    public record Declaration(LocalDate date, int timeSlot, boolean available) {}

    /** The filters of the list: open slots by default; with {@code status}, a doctor's schedule. */
    public record OpenSlotQuery(Optional<LocalDate> date, Optional<LocalDate> from, Optional<LocalDate> to,
                                Optional<String> doctorId, Optional<String> ordering, Optional<String> status,
                                Optional<String> specialty) {
        /** Without the directory's filter (issue 20). */
        public OpenSlotQuery(Optional<LocalDate> date, Optional<LocalDate> from, Optional<LocalDate> to,
                             Optional<String> doctorId, Optional<String> ordering, Optional<String> status) {
            this(date, from, to, doctorId, ordering, status, Optional.empty());
        }
    }

    /** A listed availability and, when it is booked and the list shows booked ones, its patient. */
    public record Listed(Availability availability, Optional<UserRef> patient) {}

    /**
     * Declares all or none. Each availability copies its slot's times, and the write holds only if
     * the slot still has them; if an admin changed the slot meanwhile, the catalog is read again.
     */
    public List<Availability> declare(Caller caller, List<Declaration> declarations) {
        if (declarations.isEmpty() || declarations.size() > MAX_PER_REQUEST) {
            throw new Problem.Invalid("body", "declare between 1 and " + MAX_PER_REQUEST + " availabilities at once");
        }
        UserRef doctor = doctorOf(caller);
        return StaleRead.retrying(() -> declare(doctor, declarations, timeSlots.catalog()));
    }

    private List<Availability> declare(UserRef doctor, List<Declaration> declarations, TimeSlotStore.Catalog catalog) {
        Map<String, String> problems = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        List<Availability> created = new ArrayList<>();
        for (int i = 0; i < declarations.size(); i++) {
            Declaration declaration = declarations.get(i);
            String prefix = declarations.size() == 1 ? "" : "[" + i + "].";
            Optional<TimeSlot> slot = catalog.byId(declaration.timeSlot());
            if (slot.isEmpty()) {
                problems.put(prefix + "time_slot", "unknown time slot");
            }
            if (declaration.date().isBefore(clock.today())) {
                problems.put(prefix + "date", "must not be in the past");
            }
            if (!seen.add(declaration.date() + "#" + declaration.timeSlot())) {
                problems.put(prefix + "time_slot", "declared twice in this request");
            }
            slot.ifPresent(s -> created.add(new Availability(UUID.randomUUID().toString(), doctor, declaration.date(), s,
                    declaration.available() ? Status.OPEN : Status.CLOSED, null)));
        }
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        // A date the doctor edits by hand is theirs: the weekly pattern leaves it alone from now on.
        workingHours.markEdited(doctor.id(), created.stream().map(Availability::date).collect(java.util.stream.Collectors.toSet()));
        return declared(doctor, created, (all, offered) -> store.declare(all, offered, declaring()));
    }

    /** How a declaration is written: all of them, with the offers it carries as far as it can; returns those left out. */
    @FunctionalInterface
    interface Write {
        Map<String, OfferStore.OfferPlan> write(List<Availability> created, Map<String, OfferStore.OfferPlan> offered);
    }

    /**
     * The weekly pattern's fill of one date: {@code slots} declared open on {@code date} for {@code doctor},
     * as a doctor's declaration is (offers to the date's waiters included), unless the date was edited
     * by hand meanwhile ({@link StaleRead}). No hand-edit mark: the pattern's own writes are not edits.
     */
    List<Availability> fill(UserRef doctor, LocalDate date, List<TimeSlot> slots) {
        List<Availability> created = slots.stream()
                .map(slot -> new Availability(UUID.randomUUID().toString(), doctor, date, slot, Status.OPEN, null)).toList();
        return declared(doctor, created, (all, offered) -> store.declareUnlessEdited(doctor.id(), date, all, offered, declaring()));
    }

    private List<Availability> declared(UserRef doctor, List<Availability> created, Write write) {
        // Each open one is offered to its date's first matching waiter (issue 11): in the declaration's
        // own write as far as DynamoDB's limits leave room, the others each in a write of its own after it.
        Map<String, OfferStore.OfferPlan> offered = new HashMap<>();
        Set<String> offeredEntries = new HashSet<>();
        // Each date's queue is read once, however many of its slots open here (a pattern's fill opens a day).
        Map<LocalDate, OfferService.Queue> queues = new HashMap<>();
        for (Availability availability : created) {
            if (availability.isOpen() && !clock.hasStarted(availability.date(), availability.slot().start())) {
                OfferService.Queue queue = queues.computeIfAbsent(availability.date(), date -> offers.queueOf(doctor.id(), date));
                offers.forOpening(queue, availability.slot(), offeredEntries).ifPresent(plan -> {
                    offered.put(availability.id(), plan);
                    offeredEntries.add(plan.entry().id());
                });
            }
        }
        Map<String, OfferStore.OfferPlan> later = write.write(created, offered);
        return created.stream().map(a -> !offered.containsKey(a.id()) ? a
                : later.containsKey(a.id()) ? offerDeclared(a, later.get(a.id()), offeredEntries)
                : held(a, offered.get(a.id()))).toList();
    }

    /**
     * Offers a just-declared open availability that the declaration's own write had no room for, in
     * a write of its own: if it is still open and unheld as declared (reopen's condition), to the
     * first matching waiter then, none of those this declaration chose for another slot. The
     * declaration has committed whatever happens here: an offer that cannot be made leaves the slot
     * open to everyone, as any open slot is, and the answer is still 201.
     */
    private Availability offerDeclared(Availability declared, OfferStore.OfferPlan plan, Set<String> chosen) {
        // As stored: writing an availability stores its next version.
        Availability current = new Availability(declared.id(), declared.doctor(), declared.date(), declared.slot(),
                declared.status(), null, declared.version() + 1);
        Optional<OfferStore.OfferPlan> offer = Optional.of(plan);
        try {
            for (int attempt = 1; offer.isPresent(); attempt++) {
                try {
                    store.setOpen(current, true, offer, transition(Operation.REOPEN, current));
                    return held(current, offer.get());
                } catch (StaleRead changed) {
                    Optional<Availability> now = store.at(declared.doctor().id(), declared.date(), declared.slot().id());
                    if (attempt == FOLLOW_UP_ATTEMPTS || now.isEmpty() || now.get().status() != Status.OPEN) {
                        return now.orElse(declared);
                    }
                    current = now.get();
                    offer = offers.forOpening(current.doctor().id(), current.date(), current.slot(), chosen);
                }
            }
        } catch (Problem refused) {
            // Busy (throttled past the SDK's retries), or changing faster than we follow: the slot stays open.
            Telemetry.warning("DeclareAvailability", "a waiter's offer of a declared slot was not made; the slot is open",
                    Map.of("availability", declared.id(), "reason", refused.getClass().getSimpleName()));
        }
        return current;
    }

    public Availability get(String id) {
        if (!Ids.isOpaque(id)) {
            throw new Problem.NotFound("Availability");
        }
        return store.byId(id).orElseThrow(() -> new Problem.NotFound("Availability"));
    }

    /**
     * Opens, closes or moves one of the caller's own unbooked availabilities. The write holds only
     * against the availability (and new slot) as read; if either changed meanwhile, both are read
     * again and the change decided again (booked meanwhile: 409 SLOT_BOOKED).
     */
    public Availability update(Caller caller, String id, Declaration change) {
        return StaleRead.retrying(() -> change(caller, id, change));
    }

    private Availability change(Caller caller, String id, Declaration change) {
        Availability current = owned(caller, id);
        Status status = change.available() ? Status.OPEN : Status.CLOSED;
        if (current.date().equals(change.date()) && current.slot().id() == change.timeSlot()) {
            Transition step = transition(change.available() ? Operation.REOPEN : Operation.CLOSE, current);
            Next next = step.next();
            if (next == Next.UNCHANGED) {
                return current.with(status, null);
            }
            // Reopening offers it to the date's first matching waiter in the same write (issue 11).
            Optional<OfferStore.OfferPlan> offer = next == Next.OPENED
                    ? offers.forOpening(current.doctor().id(), current.date(), current.slot(), Set.of()) : Optional.empty();
            workingHours.markEdited(current.doctor().id(), Set.of(current.date()));
            store.setOpen(current, change.available(), offer, step);
            return offer.map(plan -> held(current, plan)).orElse(current.with(status, null));
        }
        Transition removing = transition(Operation.REMOVE, current);
        TimeSlot slot = timeSlots.catalog().byId(change.timeSlot())
                .orElseThrow(() -> new Problem.Invalid("time_slot", "unknown time slot"));
        if (change.date().isBefore(clock.today())) {
            throw new Problem.Invalid("date", "must not be in the past");
        }
        Availability moved = new Availability(current.id(), current.doctor(), change.date(), slot, status, null,
                current.version());
        workingHours.markEdited(current.doctor().id(), new HashSet<>(List.of(current.date(), moved.date())));
        store.move(current, moved, removing, declaring());
        return moved;
    }

    /**
     * Closes an open (or lapsed) slot for a doctor's time off: the lifecycle's CLOSE, as a doctor's close,
     * without a hand-edit mark (the time off marks its dates itself). Read again if it changed; false if it
     * is not open (booked, held, closed or started meanwhile).
     */
    boolean closeForTimeOff(Availability read) {
        Optional<Availability> current = Optional.of(read);
        for (int attempt = 1; current.isPresent() && attempt <= FOLLOW_UP_ATTEMPTS; attempt++) {
            Availability a = current.get();
            SlotLifecycle.State state = SlotLifecycle.stateOf(current, clock.now());
            if ((state != SlotLifecycle.State.OPEN && state != SlotLifecycle.State.LAPSED) || clock.hasStarted(a.date(), a.slot().start())) {
                return false;
            }
            try {
                store.setOpen(a, false, Optional.empty(), transition(Operation.CLOSE, a));
                return true;
            } catch (StaleRead changed) {
                current = store.at(a.doctor().id(), a.date(), a.slot().id());
            } catch (Problem.Conflict refused) {
                return false;
            }
        }
        return false;
    }

    /**
     * Reopens a slot a time off closed, on a date given back to the pattern: as a doctor's reopen (offered
     * to the date's first matching waiter in the same write), without a hand-edit mark. A slot changed
     * meanwhile is left as it now is.
     */
    void reopenAfterTimeOff(Availability current) {
        try {
            Transition step = transition(Operation.REOPEN, current);
            if (step.next() != Next.OPENED || clock.hasStarted(current.date(), current.slot().start())) {
                return;
            }
            Optional<OfferStore.OfferPlan> offer = offers.forOpening(current.doctor().id(), current.date(), current.slot(), Set.of());
            store.setOpen(current, true, offer, step);
        } catch (StaleRead | Problem.Conflict changedMeanwhile) {
            // Edited, booked or removed since the read: it stays as it now is.
        }
    }

    /** Deletes one of the caller's own unbooked availabilities, as it stands when the write commits. */
    public void delete(Caller caller, String id) {
        StaleRead.retry(() -> {
            Availability current = owned(caller, id);
            Transition removing = transition(Operation.REMOVE, current);
            workingHours.markEdited(current.doctor().id(), Set.of(current.date()));
            store.delete(current, removing);
        });
    }

    /**
     * Open slots that have not started, in the requested order, one page at a time, read from the
     * index that keeps that order. With {@code status} other than {@code open} (only with
     * {@code doctor}, for that doctor and admins), the doctor's schedule: closed and booked ones
     * too, booked ones with their patient.
     */
    public Page<Listed> list(Caller caller, OpenSlotQuery query, PageRequest page) {
        OpenSlotOrdering order = OpenSlotOrdering.parse(query.ordering().orElse(null));
        Set<Status> statuses = statuses(query.status());
        query.doctorId().ifPresent(doctor -> Ids.requireUser("doctor", doctor));
        Optional<String> specialty = query.specialty().map(name -> clinic.domain.DoctorProfile.requireSpecialty("specialty", name));
        boolean openOnly = statuses.equals(Set.of(Status.OPEN));
        if (!openOnly) {
            String doctor = query.doctorId()
                    .orElseThrow(() -> new Problem.Invalid("doctor", "is required to list closed or booked availabilities"));
            // Staff (the front desk, issue 20) see every doctor's schedule, as admins do.
            if (!caller.is(Role.ADMIN) && !caller.is(Role.STAFF) && !caller.id().equals(doctor)) {
                throw new Problem.Forbidden("Only the doctor, staff and admins may list closed or booked availabilities");
            }
        }
        LocalDate today = clock.today();
        LocalDate from = query.date().or(query::from).orElse(today);
        LocalDate asked = query.date().or(query::to).orElse(Params.windowEnd(from, DEFAULT_WINDOW_DAYS));
        if (asked.isBefore(from)) {
            throw new Problem.Invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, asked) >= MAX_WINDOW_DAYS) {
            throw new Problem.Invalid("to", "the window is at most " + MAX_WINDOW_DAYS + " days");
        }
        String identity = "availabilities|" + order.name() + "|" + query.date().orElse(null) + "|" + query.from().orElse(null)
                + "|" + query.to().orElse(null) + "|" + query.doctorId().orElse("") + "|" + query.status().orElse("") + "|" + caller.id()
                + specialty.map(name -> "|specialty=" + name).orElse("");
        Optional<String> after = page.positionIn(identity);
        // A patient's open list shows what they could book now: each doctor's booking policy bounds
        // the walk (the loosest of them) and filters it (each slot by its doctor's).
        // A specialty's doctors, looked up for the slots each Query reads: the walk keeps only theirs (docs/data-model.md).
        Optional<clinic.store.DirectoryStore.Members> ofSpecialty = specialty.map(directory::membersOf);
        if (ofSpecialty.filter(members -> !members.any()).isPresent()) {
            return new Page<>(List.of(), Optional.empty());
        }
        Bookable bookable = openOnly && caller.is(Role.PATIENT) ? bookable(query.doctorId()) : Bookable.ANY;
        LocalDateTime bound = LocalDateTime.ofInstant(bookable.earliestStart(clock.now()), clock.zone());
        LocalDate start = from.isBefore(bound.toLocalDate()) ? bound.toLocalDate() : from;
        LocalDate to = bookable.lastDate(today).filter(last -> last.isBefore(asked)).orElse(asked);
        if (to.isBefore(start)) {
            return new Page<>(List.of(), Optional.empty());
        }
        // Open slots that have started (or start within the notice) are not listed: the walk starts at that minute.
        LocalTime earliest = openOnly && start.equals(bound.toLocalDate())
                ? bound.toLocalTime().truncatedTo(ChronoUnit.MINUTES) : LocalTime.MIN;
        AvailabilityStore.Walk walk = query.doctorId()
                .map(doctor -> AvailabilityStore.Walk.ofDoctor(doctor, openOnly, start, to, earliest, order.descending()))
                .orElseGet(() -> AvailabilityStore.Walk.open(start, to, earliest, order.descending()));
        Page<Availability> found = store.page(walk, after, page,
                read -> ofSpecialty.ifPresent(members -> members.lookUp(read.stream().map(a -> a.doctor().id()).toList())),
                a -> statuses.contains(effectiveStatus(a))
                        && !(effectiveStatus(a) == Status.OPEN && clock.hasStarted(a.date(), a.slot().start()))
                        && bookable.allows(a, clock)
                        && ofSpecialty.map(members -> members.includes(a.doctor().id())).orElse(true));
        Map<String, UserRef> patients = statuses.contains(Status.BOOKED) ? store.patientsOf(found.items()) : Map.of();
        return found.map(a -> new Listed(a, Optional.ofNullable(a.appointmentId()).map(patients::get)))
                .boundTo(identity);
    }

    /**
     * The booking policies a patient's open list applies: each doctor's in force ({@code byDoctor},
     * the clinic's under their own; {@code others}: of every doctor not named), and the loosest of
     * them, which bounds the walk.
     */
    private record Bookable(Map<String, BookingPolicy> byDoctor, BookingPolicy others) {
        static final Bookable ANY = new Bookable(Map.of(), BookingPolicy.NONE);

        boolean allows(Availability a, ClinicClock clock) {
            return byDoctor.getOrDefault(a.doctor().id(), others).allowsBooking(a.date(), a.slot().start(), clock);
        }

        Instant earliestStart(Instant now) {
            Instant earliest = others.earliestBookableStart(now);
            for (BookingPolicy policy : byDoctor.values()) {
                Instant theirs = policy.earliestBookableStart(now);
                earliest = theirs.isBefore(earliest) ? theirs : earliest;
            }
            return earliest;
        }

        /** The last date any of them books, if every one is bounded. */
        Optional<LocalDate> lastDate(LocalDate today) {
            Optional<LocalDate> last = others.lastBookableDate(today);
            for (BookingPolicy policy : byDoctor.values()) {
                Optional<LocalDate> theirs = policy.lastBookableDate(today);
                if (last.isEmpty() || theirs.isEmpty()) {
                    return Optional.empty();
                }
                last = theirs.get().isAfter(last.get()) ? theirs : last;
            }
            return last;
        }
    }

    /**
     * One doctor's policy (one GetItem), or every doctor's own (one Query of the policy partition,
     * bounded by the number of doctors who have one: docs/data-model.md).
     */
    private Bookable bookable(Optional<String> doctorId) {
        if (doctorId.isPresent()) {
            BookingPolicy inForce = clinicPolicy.under(policies.own(doctorId.get()));
            return new Bookable(Map.of(doctorId.get(), inForce), inForce);
        }
        Map<String, BookingPolicy> inForce = new HashMap<>();
        policies.allOwn().forEach((doctor, own) -> inForce.put(doctor, clinicPolicy.under(own)));
        return new Bookable(inForce, clinicPolicy);
    }

    private static Availability held(Availability a, OfferStore.OfferPlan plan) {
        return new Availability(a.id(), a.doctor(), a.date(), a.slot(), Status.HELD, null, a.version(), Optional.of(
                new Availability.Hold(plan.entry().patient().id(), plan.entry().id(), plan.deadline(), Set.of(), plan.offerId())));
    }

    /** What the lifecycle makes of a doctor's change to their availability as read: the step and its guarded write, or its 409. */
    private Transition transition(Operation operation, Availability current) {
        return SlotLifecycle.transition(operation, Subject.of(Optional.of(current),
                clock.hasStarted(current.date(), current.slot().start()), clock.now()));
    }

    /** A new availability where none is. */
    private Transition declaring() {
        return SlotLifecycle.transition(Operation.DECLARE, Subject.at(clock.now()));
    }

    /** A hold past its deadline is open, whether or not its timer has passed it on yet (rule 7). */
    private Status effectiveStatus(Availability a) {
        return a.isOpenAt(clock.now()) ? Status.OPEN : a.status();
    }

    /** The {@code status} filter: a comma list of open, closed, booked, held; open when absent. */
    private static Set<Status> statuses(Optional<String> status) {
        if (status.isEmpty()) {
            return Set.of(Status.OPEN);
        }
        Set<Status> statuses = EnumSet.noneOf(Status.class);
        for (String raw : status.get().split(",", -1)) {
            String name = raw.strip().toUpperCase(Locale.ROOT);
            if (!Set.of("OPEN", "CLOSED", "BOOKED", "HELD").contains(name)) {
                throw new Problem.Invalid("status", "a comma list of open, closed, booked, held");
            }
            statuses.add(Status.valueOf(name));
        }
        return statuses;
    }

    private Availability owned(Caller caller, String id) {
        caller.require(Role.DOCTOR);
        Availability availability = get(id);
        if (!availability.ownedBy(caller)) {
            throw new Problem.Forbidden("Only the doctor who declared an availability may change it");
        }
        return availability;
    }

    private UserRef doctorOf(Caller caller) {
        UserProfile profile = users.profile(caller.id())
                .orElseThrow(() -> new Problem.Forbidden("Only registered doctors may declare availability"));
        return new UserRef(profile.id(), profile.username(), profile.name());
    }
}
