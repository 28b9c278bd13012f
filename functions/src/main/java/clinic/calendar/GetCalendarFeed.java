package clinic.calendar;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code GET /api/calendar/{file}}: a secret feed, for calendar apps that cannot send a token; 404 unless live. */
public final class GetCalendarFeed extends ApiHandler {
    private final CalendarService calendars;

    public GetCalendarFeed() {
        this(App.fromEnvironment());
    }

    public GetCalendarFeed(App app) {
        this.calendars = app.calendars();
    }

    @Override
    protected Response handle(Request request) {
        return Response.text(GetCalendar.CALENDAR, calendars.feed(request.pathParameter("file")));
    }
}
