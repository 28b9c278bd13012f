package clinic.timeslots;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/timeslots/{id}/}. */
public final class GetTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public GetTimeSlot() {
        this(App.fromEnvironment());
    }

    public GetTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    /** One slot: the catalog read and the JSON out (or the 404). */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/timeslots/{id}").as(Role.PATIENT).path("id", "1").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(TimeSlotViews.view(Priming.FIRST_SLOT));
    }

    @Override
    protected Response handle(Request request) {
        request.caller();
        return Response.ok(TimeSlotViews.view(timeSlots.get(request.pathId("id", "Time slot"))));
    }
}
