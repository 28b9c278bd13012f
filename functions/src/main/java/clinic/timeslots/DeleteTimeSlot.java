package clinic.timeslots;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code DELETE /api/timeslots/{id}/}: an admin removes a slot no availability uses. */
public final class DeleteTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public DeleteTimeSlot() {
        this(App.fromEnvironment());
    }

    public DeleteTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    /** A delete of a slot that does not exist: the catalog read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("DELETE /api/timeslots/{id}").as(Role.ADMIN).path("id", Integer.toString(Integer.MAX_VALUE)).event());
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        timeSlots.delete(request.pathId("id", "Time slot"));
        return Response.noContent();
    }
}
