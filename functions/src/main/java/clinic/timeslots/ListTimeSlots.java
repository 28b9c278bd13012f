package clinic.timeslots;

import clinic.App;
import clinic.domain.Page;
import clinic.http.ApiHandler;
import clinic.http.Pages;
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
        var page = request.page();
        return Pages.ok(request, Page.slice(timeSlots.list(), page.offset(), page.limit()), TimeSlotViews::view);
    }
}
