package clinic.availability;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code DELETE /api/availabilities/{id}/}: the owning doctor deletes an unbooked availability. */
public final class DeleteAvailability extends ApiHandler {
    private final AvailabilityService availabilities;

    public DeleteAvailability() {
        this(App.fromEnvironment());
    }

    public DeleteAvailability(App app) {
        this.availabilities = app.availabilities();
    }

    @Override
    protected Response handle(Request request) {
        availabilities.delete(request.caller(), request.pathParameter("id"));
        return Response.noContent();
    }
}
