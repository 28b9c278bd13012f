package clinic.waitlist;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/waitlist/}: a patient's own entries; a doctor's waitlist for one of their dates ({@code ?date=}), in join order. */
public final class ListWaitlist extends ApiHandler {
    private final WaitlistService waitlist;
    private final ClinicClock clock;

    public ListWaitlist() {
        this(App.fromEnvironment());
    }

    public ListWaitlist(App app) {
        this.waitlist = app.waitlist();
        this.clock = app.clock();
    }

    /** Nobody's entries: the Query and the JSON out. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/waitlist").as(Role.PATIENT).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(WaitlistViews.primingView(clock));
    }

    @Override
    protected Response handle(Request request) {
        var caller = request.caller();
        var entries = waitlist.list(caller, request.queryDate("date"));
        return Response.ok(WaitlistViews.list(entries, !caller.is(Role.PATIENT), clock));
    }
}
