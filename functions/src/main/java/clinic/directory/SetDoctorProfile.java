package clinic.directory;

import clinic.App;
import clinic.domain.DoctorProfile;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /api/doctors/{id}/profile} {@code {"display_name", "specialties", "languages", "bio"}}:
 * the doctor (or an admin) replaces the doctor's profile, every field given ({@code bio} may be null).
 */
public final class SetDoctorProfile extends ApiHandler {
    private final DirectoryService directory;

    public SetDoctorProfile() {
        this(App.fromEnvironment());
    }

    public SetDoctorProfile(App app) {
        this.directory = app.directory();
    }

    /** Up to validation only: a valid body would write. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/doctors/{id}/profile").as(Role.ADMIN).path("id", Priming.ABSENT_ID)
                .body("{\"display_name\":\"\",\"specialties\":[\"Not A Slug\"],\"languages\":[\"xx\"],\"bio\":null}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(DirectoryViews.priming());
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.DOCTOR, Role.ADMIN);
        Fields fields = Fields.of(request.json());
        String displayName = fields.string("display_name");
        List<String> specialties = fields.strings("specialties");
        List<String> languages = fields.strings("languages");
        if (!request.json().has("bio")) {
            fields.reject("bio", "is required: a string of at most " + DoctorProfile.MAX_BIO_BYTES + " bytes, or null");
        }
        String bio = fields.optionalString("bio");
        Map<String, String> problems = new LinkedHashMap<>();
        try {
            fields.check();
        } catch (Problem.Invalid invalid) {
            problems.putAll(invalid.fields());
        }
        DoctorProfile profile = DoctorProfile.checked(request.pathParameter("id"), displayName, specialties, languages, bio, problems);
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        return Response.ok(DirectoryViews.of(directory.saveProfile(request.caller(), request.pathParameter("id"), profile)));
    }
}
