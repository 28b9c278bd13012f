package clinic.timeslots;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code GET /api/timeslots/}: every time slot, by start time. */
public final class ListTimeSlots extends ApiHandler {
    private final TimeSlotService timeSlots;

    public ListTimeSlots() {
        this(App.fromEnvironment());
    }

    public ListTimeSlots(App app) {
        this.timeSlots = app.timeSlots();
    }

    @Override
    protected Response handle(Request request) {
        request.caller();
        return Response.ok(timeSlots.list().stream().map(TimeSlotViews::view).toList());
    }
}
