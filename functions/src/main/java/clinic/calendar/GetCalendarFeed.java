package clinic.calendar;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/calendar/{file}}: a secret feed, for calendar apps that cannot send a token; 404 unless live. */
public final class GetCalendarFeed extends ApiHandler {
    private final CalendarService calendars;

    public GetCalendarFeed() {
        this(App.fromEnvironment());
    }

    public GetCalendarFeed(App app) {
        this.calendars = app.calendars();
    }

    /** A feed nobody has: the hash lookup and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/calendar/{file}").path("file", "A".repeat(43) + ".ics").event());
    }

    @Override
    protected Response handle(Request request) {
        return Response.text(GetCalendar.CALENDAR, calendars.feed(request.pathParameter("file")));
    }
}
