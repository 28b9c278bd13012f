package clinic.domain;

import clinic.domain.Appointment.Status;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The visit's statuses (FHIR {@code Appointment.status}): from its start, the appointment's doctor,
 * staff or an admin records that the patient arrived, then that the visit was fulfilled, or that
 * the patient did not come (docs/decisions.md, "The visit"). One table of which change is allowed
 * from which status ({@link #NEXT}); everything else is a 409 before anything is written, and the
 * write is guarded on the appointment's version as read ({@link #guard}), so two changes, or a
 * change and a cancel, cannot both win.
 */
public final class Visit {
    private Visit() {}

    /** One recorded change: the status it set, when, and who set it ({@code role}: doctor, staff or admin). */
    public record Change(Status status, Instant at, String byId, String byRole) {}

    /**
     * What each status may become. Booked: arrived or noshow (fulfilled only after arrived). Arrived:
     * fulfilled (a patient who came is not a no-show). Noshow: arrived, the correction for a patient
     * who came late. Fulfilled and cancelled: nothing (no way back).
     */
    public static final Map<Status, Set<Status>> NEXT;

    static {
        Map<Status, Set<Status>> next = new EnumMap<>(Status.class);
        next.put(Status.BOOKED, EnumSet.of(Status.ARRIVED, Status.NOSHOW));
        next.put(Status.ARRIVED, EnumSet.of(Status.FULFILLED));
        next.put(Status.NOSHOW, EnumSet.of(Status.ARRIVED));
        next.put(Status.FULFILLED, EnumSet.noneOf(Status.class));
        next.put(Status.CANCELLED, EnumSet.noneOf(Status.class));
        NEXT = Map.copyOf(next);
    }

    /**
     * The role {@code caller} records the visit of {@code appointment} in: its own doctor, an admin,
     * or staff; empty for anyone else (its patient: 403; others do not see it: 404).
     */
    public static Optional<String> recorderRole(Caller caller, Appointment appointment) {
        if (caller.is(Role.DOCTOR) && appointment.doctor().id().equals(caller.id())) {
            return Optional.of(Actor.wire(Role.DOCTOR));
        }
        for (Role role : new Role[] {Role.ADMIN, Role.STAFF}) {
            if (caller.is(role)) {
                return Optional.of(Actor.wire(role));
            }
        }
        return Optional.empty();
    }

    /**
     * Decides a change of {@code current} to {@code to}, asked at {@code now} by {@code byId} in
     * {@code role}; {@code started}: the appointment's start has come. Empty: it already has that
     * status (a repeat changes nothing). Otherwise the change, or the 409 thrown: NOT_BOOKED
     * (cancelled), INVALID_TRANSITION (not from its status), NOT_STARTED (before its start).
     */
    public static Optional<Change> decide(Appointment current, Status to, boolean started, Instant now, String byId, String role) {
        if (!to.isVisit()) {
            throw new Problem.Invalid("status", "must be one of arrived, fulfilled, noshow");
        }
        if (current.isCancelled()) {
            throw Conflicts.notBooked();
        }
        if (current.status() == to) {
            return Optional.empty();
        }
        if (!NEXT.get(current.status()).contains(to)) {
            throw Conflicts.invalidTransition(current.status(), to);
        }
        if (!started) {
            throw Conflicts.notStarted();
        }
        return Optional.of(new Change(to, now, byId, role));
    }

    /**
     * The write's guard: the appointment is still at the version read; if not (another change or a
     * cancel won), read it again and decide again, which then answers what it has become.
     */
    public static SlotLifecycle.Write guard(Appointment read) {
        return new SlotLifecycle.Write(SlotLifecycle.Item.APPOINTMENT, new Guard.AtVersion(read.version()),
                SlotLifecycle.Outcome.reread());
    }

    /** How a change moves the patient's no-show count: +1 into noshow, -1 out of it (the late arrival), else 0. */
    public static int noShowDelta(Status from, Status to) {
        return (to == Status.NOSHOW ? 1 : 0) - (from == Status.NOSHOW ? 1 : 0);
    }
}
