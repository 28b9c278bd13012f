package clinic.availability;

import clinic.domain.Availability;
import clinic.domain.Availability.Status;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Conflicts;
import clinic.domain.Ids;
import clinic.domain.OpenSlotOrdering;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.TimeSlot;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.store.AvailabilityStore;
import clinic.store.StaleRead;
import clinic.store.TimeSlotStore;
import clinic.store.UserStore;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Doctors declare, close, reopen, move and delete their availabilities; everyone lists the open ones. */
public final class AvailabilityService {
    public static final int MAX_PER_REQUEST = 32;
    public static final int DEFAULT_WINDOW_DAYS = 14;
    public static final int MAX_WINDOW_DAYS = 62;

    private final AvailabilityStore store;
    private final TimeSlotStore timeSlots;
    private final UserStore users;
    private final ClinicClock clock;

    public AvailabilityService(AvailabilityStore store, TimeSlotStore timeSlots, UserStore users, ClinicClock clock) {
        this.store = store;
        this.timeSlots = timeSlots;
        this.users = users;
        this.clock = clock;
    }

    /** One declared (date, slot): open when {@code available}, else closed. */
    public record Declaration(LocalDate date, int timeSlot, boolean available) {}

    /** The filters of the open-slot list. */
    public record OpenSlotQuery(Optional<LocalDate> date, Optional<LocalDate> from, Optional<LocalDate> to,
                                Optional<String> doctorId, Optional<String> ordering) {}

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
        store.declare(created);
        return created;
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
        if (current.isBooked()) {
            throw Conflicts.slotBooked();
        }
        Status status = change.available() ? Status.OPEN : Status.CLOSED;
        if (current.date().equals(change.date()) && current.slot().id() == change.timeSlot()) {
            if (current.status() != status) {
                store.setOpen(current, change.available());
            }
            return current.with(status, null);
        }
        TimeSlot slot = timeSlots.catalog().byId(change.timeSlot())
                .orElseThrow(() -> new Problem.Invalid("time_slot", "unknown time slot"));
        if (change.date().isBefore(clock.today())) {
            throw new Problem.Invalid("date", "must not be in the past");
        }
        Availability moved = new Availability(current.id(), current.doctor(), change.date(), slot, status, null,
                current.version());
        store.move(current, moved);
        return moved;
    }

    /** Deletes one of the caller's own unbooked availabilities, as it stands when the write commits. */
    public void delete(Caller caller, String id) {
        StaleRead.retry(() -> {
            Availability current = owned(caller, id);
            if (current.isBooked()) {
                throw Conflicts.slotBooked();
            }
            store.delete(current);
        });
    }

    /** Open slots that have not started, in the requested order, one page at a time. */
    public Page<Availability> listOpen(OpenSlotQuery query, PageRequest page) {
        var order = OpenSlotOrdering.parse(query.ordering().orElse(null));
        query.doctorId().ifPresent(doctor -> Ids.requireUser("doctor", doctor));
        LocalDate today = clock.today();
        LocalDate from = query.date().or(query::from).orElse(today);
        LocalDate to = query.date().or(query::to).orElse(from.plusDays(DEFAULT_WINDOW_DAYS - 1));
        if (to.isBefore(from)) {
            throw new Problem.Invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_WINDOW_DAYS) {
            throw new Problem.Invalid("to", "the window is at most " + MAX_WINDOW_DAYS + " days");
        }
        if (from.isBefore(today)) {
            from = today;
        }
        List<Availability> open = new ArrayList<>();
        if (query.doctorId().isPresent()) {
            if (!to.isBefore(from)) {
                open.addAll(store.openOf(query.doctorId().get(), from, to));
            }
        } else {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                open.addAll(store.openOn(day));
            }
        }
        List<Availability> upcoming = new ArrayList<>(open.stream()
                .filter(a -> !clock.hasStarted(a.date(), a.slot().start())).toList());
        upcoming.sort(order);
        return Page.slice(upcoming, page.offset(), page.limit());
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
