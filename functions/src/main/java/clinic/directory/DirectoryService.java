package clinic.directory;

import clinic.domain.Caller;
import clinic.domain.DoctorProfile;
import clinic.domain.Ids;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.StaleRead;
import clinic.store.DirectoryStore;
import java.util.List;
import java.util.Optional;

/**
 * The doctors' directory (issue 20; docs/decisions.md, "The doctors' directory"): admins keep the
 * clinic's list of specialties; each doctor (or an admin) keeps the doctor's profile; everyone
 * signed in reads both, and lists the doctors by name and specialty.
 */
public final class DirectoryService {
    private final DirectoryStore store;

    public DirectoryService(DirectoryStore store) {
        this.store = store;
    }

    public List<String> specialties() {
        return store.specialties();
    }

    /** Makes the clinic's list exactly {@code wanted}; a name doctors still use cannot go (409 IN_USE). Admins only. */
    public List<String> replaceSpecialties(Caller caller, List<String> wanted) {
        caller.require(Role.ADMIN);
        List<String> list = DoctorProfile.clinicList(wanted);
        return StaleRead.retrying(() -> {
            store.replaceSpecialties(store.specialties(), list);
            return list;
        });
    }

    /** A doctor's profile, as saved or (never saved) their account name alone; 404 for anyone who is not a doctor. */
    public DoctorProfile profile(String doctorId) {
        return doctor(doctorId).profile();
    }

    /** Replaces a doctor's profile: the doctor their own, admins any. */
    public DoctorProfile saveProfile(Caller caller, String doctorId, DoctorProfile profile) {
        if (!caller.is(Role.ADMIN) && !caller.id().equals(doctorId)) {
            throw new Problem.Forbidden("A doctor's profile is changed by that doctor and admins");
        }
        return StaleRead.retrying(() -> {
            store.save(doctor(doctorId), profile);
            return profile;
        });
    }

    /** One page of the doctors, by name, filtered by a name prefix and a specialty. */
    public Page<DoctorProfile> list(Caller caller, Optional<String> specialty, Optional<String> q, PageRequest page) {
        specialty.ifPresent(name -> DoctorProfile.requireSpecialty("specialty", name));
        String prefix = q.map(text -> DoctorProfile.queryKey("q", text)).orElse("");
        // The caller is in it like every list's cursor, though all callers see the same directory.
        String identity = "doctors|" + specialty.orElse("") + "|" + prefix + "|" + caller.id();
        return store.page(specialty, prefix, page.positionIn(identity), page).boundTo(identity);
    }

    private DirectoryStore.Read doctor(String doctorId) {
        if (!Ids.isOpaque(doctorId)) {
            throw new Problem.NotFound("Doctor");
        }
        DirectoryStore.Read read = store.read(doctorId);
        if (read.account().filter(account -> account.role() == Role.DOCTOR).isEmpty()) {
            throw new Problem.NotFound("Doctor");
        }
        return read;
    }
}
