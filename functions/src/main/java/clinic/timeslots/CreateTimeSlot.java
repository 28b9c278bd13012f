package clinic.timeslots;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code POST /api/timeslots/}: an admin adds a slot on the grid that overlaps no other. */
public final class CreateTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public CreateTimeSlot() {
        this(App.fromEnvironment());
    }

    public CreateTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    /** A slot that ends before it starts: parsing, validation and the 400, before any read. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/timeslots").as(Role.ADMIN)
                .body("{\"start_time\":\"09:30\",\"end_time\":\"09:00\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(TimeSlotViews.view(Priming.FIRST_SLOT));
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        return Response.created(TimeSlotViews.view(timeSlots.create(TimeSlotViews.read(request))));
    }
}
