package clinic.directory;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/specialties}: the clinic's specialties, by name ({@code ["cardiology", ...]}). */
public final class ListSpecialties extends ApiHandler {
    private final DirectoryService directory;

    public ListSpecialties() {
        this(App.fromEnvironment());
    }

    public ListSpecialties(App app) {
        this.directory = app.directory();
    }

    /** The list's Query and the JSON out. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/specialties").as(Role.PATIENT).event());
    }

    @Override
    protected Response handle(Request request) {
        return Response.ok(directory.specialties());
    }
}
