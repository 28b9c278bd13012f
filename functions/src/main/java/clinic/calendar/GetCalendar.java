package clinic.calendar;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

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

    /** A patient with no appointments: the listing read and an empty calendar. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/calendar.ics").as(Role.PATIENT).event());
    }

    @Override
    protected Response handle(Request request) {
        return Response.text(CALENDAR, calendars.calendarOf(request.caller()));
    }
}
