package clinic.timeslots;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code PUT /api/timeslots/{id}/}: an admin moves a slot no availability uses. */
public final class UpdateTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public UpdateTimeSlot() {
        this(App.fromEnvironment());
    }

    public UpdateTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    /** A change of a slot that does not exist: parsing, validation, the catalog read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/timeslots/{id}").as(Role.ADMIN).path("id", Integer.toString(Integer.MAX_VALUE))
                .body("{\"start_time\":\"09:00\",\"end_time\":\"09:30\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(TimeSlotViews.view(Priming.FIRST_SLOT));
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        int id = request.pathId("id", "Time slot");
        return Response.ok(TimeSlotViews.view(timeSlots.update(id, TimeSlotViews.read(request))));
    }
}
