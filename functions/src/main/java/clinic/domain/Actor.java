package clinic.domain;

import java.util.Locale;

/**
 * Who made a change to an appointment (booked, moved or cancelled it), as the appointment, its
 * events and the audit show it: the caller's id and the role they acted in.
 */
public record Actor(String id, Role role) {

    /**
     * The caller as an actor: the role they act in, the strongest they hold (admin, staff, doctor,
     * patient), since a change is allowed by the strongest role that allows it.
     */
    public static Actor of(Caller caller) {
        for (Role role : new Role[] {Role.ADMIN, Role.STAFF, Role.DOCTOR, Role.PATIENT}) {
            if (caller.is(role)) {
                return new Actor(caller.id(), role);
            }
        }
        throw new Problem.Forbidden("Only patients, doctors, staff and admins change appointments");
    }

    /** {@code patient}, {@code doctor}, {@code staff}, {@code admin}: the role on the wire. */
    public String roleWire() {
        return wire(role);
    }

    public static String wire(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
