package clinic.timeslots;

import clinic.App;
import clinic.domain.Page;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Pages;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/timeslots/}: every time slot, by start time. */
public final class ListTimeSlots extends ApiHandler {
    private final TimeSlotService timeSlots;

    public ListTimeSlots() {
        this(App.fromEnvironment());
    }

    public ListTimeSlots(App app) {
        this.timeSlots = app.timeSlots();
    }

    /** The list: the catalog read and the JSON out. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/timeslots").as(Role.PATIENT).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(TimeSlotViews.view(Priming.FIRST_SLOT));
    }

    @Override
    protected Response handle(Request request) {
        request.caller();
        var page = request.page();
        return Pages.ok(request, Page.slice(timeSlots.list(), page.offset(), page.limit()), TimeSlotViews::view);
    }
}
