package clinic.patients;

import clinic.domain.Caller;
import clinic.domain.NameWords;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.UserRef;
import clinic.store.UserStore;
import java.util.List;
import java.util.Optional;

/**
 * Staff find a patient by name (issue 20), to book for them: the term's longest word picks one
 * range of the patients' name entries, and every word of the term must start a word of the patient.
 */
public final class PatientService {
    private final UserStore users;

    public PatientService(UserStore users) {
        this.users = users;
    }

    public Page<UserRef> search(Caller caller, Optional<String> term, PageRequest page) {
        caller.require(Role.STAFF, Role.ADMIN);
        List<String> words = NameWords.term("q", term.orElseThrow(() -> new Problem.Invalid("q", "is required: a name or its start")));
        String lookup = NameWords.longest(words);
        String identity = "patients|" + words + "|" + caller.id();
        return users.searchPatients(lookup, page.positionIn(identity), page,
                patient -> NameWords.matches(words, patient.username(), patient.name())).boundTo(identity);
    }
}
