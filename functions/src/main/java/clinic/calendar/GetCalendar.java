package clinic.calendar;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code GET /api/calendar.ics}: the caller's appointments as an RFC 5545 calendar. */
public final class GetCalendar extends ApiHandler {
    static final String CALENDAR = "text/calendar; charset=utf-8";

    private final CalendarService calendars;

    public GetCalendar() {
        this(App.fromEnvironment());
    }

    public GetCalendar(App app) {
        this.calendars = app.calendars();
    }

    @Override
    protected Response handle(Request request) {
        return Response.text(CALENDAR, calendars.calendarOf(request.caller()));
    }
}
