package clinic.directory;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/doctors/{id}/profile}: a doctor's directory profile, for anyone signed in. */
public final class GetDoctorProfile extends ApiHandler {
    private final DirectoryService directory;

    public GetDoctorProfile() {
        this(App.fromEnvironment());
    }

    public GetDoctorProfile(App app) {
        this.directory = app.directory();
    }

    /** A doctor who does not exist: the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/doctors/{id}/profile").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(DirectoryViews.priming());
    }

    @Override
    protected Response handle(Request request) {
        return Response.ok(DirectoryViews.of(directory.profile(request.pathParameter("id"))));
    }
}
