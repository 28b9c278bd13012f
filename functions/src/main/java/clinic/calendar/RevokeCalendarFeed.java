package clinic.calendar;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code DELETE /api/calendar/feed}: revokes the caller's secret feed URL, if any. */
public final class RevokeCalendarFeed extends ApiHandler {
    private final CalendarService calendars;

    public RevokeCalendarFeed() {
        this(App.fromEnvironment());
    }

    public RevokeCalendarFeed(App app) {
        this.calendars = app.calendars();
    }

    @Override
    protected Response handle(Request request) {
        calendars.revokeFeed(request.caller());
        return Response.noContent();
    }
}
