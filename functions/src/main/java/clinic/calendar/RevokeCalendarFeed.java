package clinic.calendar;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code DELETE /api/calendar/feed}: revokes the caller's secret feed URL, if any. */
public final class RevokeCalendarFeed extends ApiHandler {
    private final CalendarService calendars;

    public RevokeCalendarFeed() {
        this(App.fromEnvironment());
    }

    public RevokeCalendarFeed(App app) {
        this.calendars = app.calendars();
    }

    /** A caller with no feed: the pointer read, and nothing to revoke. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("DELETE /api/calendar/feed").as(Role.PATIENT).event());
    }

    @Override
    protected Response handle(Request request) {
        calendars.revokeFeed(request.caller());
        return Response.noContent();
    }
}
