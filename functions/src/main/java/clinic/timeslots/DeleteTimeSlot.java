package clinic.timeslots;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code DELETE /api/timeslots/{id}/}: an admin removes a slot no availability uses. */
public final class DeleteTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public DeleteTimeSlot() {
        this(App.fromEnvironment());
    }

    public DeleteTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        timeSlots.delete(request.pathId("id", "Time slot"));
        return Response.noContent();
    }
}
