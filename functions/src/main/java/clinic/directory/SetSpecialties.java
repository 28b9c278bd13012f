package clinic.directory;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/**
 * {@code PUT /api/specialties} {@code ["cardiology", "dermatology"]}: an admin makes the clinic's
 * list exactly that; a specialty a doctor still names cannot be left out (409 {@code IN_USE}).
 */
public final class SetSpecialties extends ApiHandler {
    private final DirectoryService directory;

    public SetSpecialties() {
        this(App.fromEnvironment());
    }

    public SetSpecialties(App app) {
        this.directory = app.directory();
    }

    /** Up to validation only: a valid body would write. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/specialties").as(Role.ADMIN).body("[\"Not A Slug\"]").event());
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        return Response.ok(directory.replaceSpecialties(request.caller(), Fields.stringArray(request.json())));
    }
}
