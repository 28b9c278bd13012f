package clinic.availability;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code DELETE /api/availabilities/{id}/}: the owning doctor deletes an unbooked availability. */
public final class DeleteAvailability extends ApiHandler {
    private final AvailabilityService availabilities;

    public DeleteAvailability() {
        this(App.fromEnvironment());
    }

    public DeleteAvailability(App app) {
        this.availabilities = app.availabilities();
    }

    /** A delete of an availability that does not exist: the read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("DELETE /api/availabilities/{id}").as(Role.DOCTOR).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected Response handle(Request request) {
        availabilities.delete(request.caller(), request.pathParameter("id"));
        return Response.noContent();
    }
}
