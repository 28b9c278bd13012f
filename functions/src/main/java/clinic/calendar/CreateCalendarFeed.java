package clinic.calendar;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/calendar/feed}: a new secret feed URL for the caller's calendar app, replacing
 * (and so revoking) the one they had. The URL is shown once; only the token's hash is kept.
 */
public final class CreateCalendarFeed extends ApiHandler {
    private final CalendarService calendars;

    public CreateCalendarFeed() {
        this(App.fromEnvironment());
    }

    public CreateCalendarFeed(App app) {
        this.calendars = app.calendars();
    }

    /** Without a caller: creating a feed writes, so priming stops at the 401. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/calendar/feed").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(Map.of("url", "https://example.invalid/api/calendar/" + Priming.CALLER + ".ics"));
    }

    @Override
    protected Response handle(Request request) {
        String token = calendars.createFeed(request.caller());
        String host = request.header("Host").orElse("localhost");
        String scheme = request.header("X-Forwarded-Proto").orElse("https");
        return Response.created(Map.of("url", scheme + "://" + host + "/api/calendar/" + token + ".ics"));
    }
}
