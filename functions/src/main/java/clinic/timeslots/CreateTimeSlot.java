package clinic.timeslots;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code POST /api/timeslots/}: an admin adds a slot on the grid that overlaps no other. */
public final class CreateTimeSlot extends ApiHandler {
    private final TimeSlotService timeSlots;

    public CreateTimeSlot() {
        this(App.fromEnvironment());
    }

    public CreateTimeSlot(App app) {
        this.timeSlots = app.timeSlots();
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        return Response.created(TimeSlotViews.view(timeSlots.create(TimeSlotViews.read(request))));
    }
}
