package clinic.policy;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/doctors/{id}/policy}: the booking rules in force for a doctor, and whose each is. */
public final class GetDoctorPolicy extends ApiHandler {
    private final PolicyService policies;

    public GetDoctorPolicy() {
        this(App.fromEnvironment());
    }

    public GetDoctorPolicy(App app) {
        this.policies = app.policies();
    }

    /** A doctor who does not exist: the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/doctors/{id}/policy").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(PolicyView.priming());
    }

    @Override
    protected Response handle(Request request) {
        return Response.ok(PolicyView.of(policies.of(request.caller(), request.pathParameter("id"))));
    }
}
