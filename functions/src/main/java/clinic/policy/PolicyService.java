package clinic.policy;

import clinic.domain.BookingPolicy;
import clinic.domain.Caller;
import clinic.domain.Ids;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.store.PolicyStore;

/**
 * A doctor's booking policy: the clinic's rules under the doctor's own (docs/decisions.md, "Booking
 * policies"). Admins set a doctor's own; the doctor, admins and patients (whose bookings the rules
 * decide) read what is in force.
 */
public final class PolicyService {
    private final PolicyStore store;
    private final BookingPolicy clinic;

    public PolicyService(PolicyStore store, BookingPolicy clinic) {
        this.store = store;
        this.clinic = clinic;
    }

    /** What is in force for a doctor, and where each rule comes from: their own, or the clinic's. */
    public record InForce(String doctorId, BookingPolicy inForce, BookingPolicy own, BookingPolicy clinic) {}

    public InForce of(Caller caller, String doctorId) {
        if (!caller.is(Role.ADMIN) && !caller.is(Role.STAFF) && !caller.is(Role.PATIENT) && !caller.id().equals(doctorId)) {
            throw new Problem.Forbidden("A doctor's booking policy is for that doctor, staff, admins and patients");
        }
        BookingPolicy own = ownOfDoctor(doctorId);
        return new InForce(doctorId, clinic.under(own), own, clinic);
    }

    /** Replaces a doctor's own rules (a null rule: the clinic's). Admins only. */
    public InForce set(Caller caller, String doctorId, BookingPolicy own) {
        caller.require(Role.ADMIN);
        ownOfDoctor(doctorId);
        store.save(doctorId, own);
        return new InForce(doctorId, clinic.under(own), own, clinic);
    }

    /** The doctor's own rules, read with their profile in one call; 404 for anyone who is not a doctor. */
    private BookingPolicy ownOfDoctor(String doctorId) {
        if (!Ids.isOpaque(doctorId)) {
            throw new Problem.NotFound("Doctor");
        }
        PolicyStore.Read read = store.read(doctorId);
        if (read.profile().filter(p -> p.role() == Role.DOCTOR).isEmpty()) {
            throw new Problem.NotFound("Doctor");
        }
        return read.own();
    }
}
