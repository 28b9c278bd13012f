package clinic.directory;

import clinic.domain.DoctorProfile;
import java.util.List;

/** The directory as the API shows it. */
final class DirectoryViews {
    private DirectoryViews() {}

    /** A doctor's profile: {@code bio} is null when they wrote none. */
    record ProfileView(String id, String displayName, List<String> specialties, List<String> languages, String bio) {}

    static ProfileView of(DoctorProfile profile) {
        return new ProfileView(profile.doctorId(), profile.displayName(), profile.specialties().stream().sorted().toList(),
                profile.languages().stream().sorted().toList(), profile.bio());
    }

    static ProfileView priming() {
        return of(new DoctorProfile("d", "Meredith Grey", List.of("cardiology"), List.of("en", "pt-BR"), "Cardiologist."));
    }
}
