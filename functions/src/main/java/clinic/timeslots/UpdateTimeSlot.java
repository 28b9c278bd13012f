package clinic.timeslots;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code PUT /api/timeslots/{id}/}: an admin moves a slot no availability uses. */
public final class UpdateTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public UpdateTimeSlot() {
        this(App.fromEnvironment());
    }

    public UpdateTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        int id = request.pathId("id", "Time slot");
        return Response.ok(TimeSlotViews.view(timeSlots.update(id, TimeSlotViews.read(request))));
    }
}
