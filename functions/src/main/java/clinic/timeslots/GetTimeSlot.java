package clinic.timeslots;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code GET /api/timeslots/{id}/}. */
public final class GetTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public GetTimeSlot() {
        this(App.fromEnvironment());
    }

    public GetTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    @Override
    protected Response handle(Request request) {
        request.caller();
        return Response.ok(TimeSlotViews.view(timeSlots.get(request.pathId("id", "Time slot"))));
    }
}
