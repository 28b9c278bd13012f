package clinic.waitlist;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code DELETE /api/waitlist/{id}/}: the entry's patient leaves the waitlist. */
public final class LeaveWaitlist extends ApiHandler {
    private final WaitlistService waitlist;

    public LeaveWaitlist() {
        this(App.fromEnvironment());
    }

    public LeaveWaitlist(App app) {
        this.waitlist = app.waitlist();
    }

    /** Leaving an entry that does not exist: the pointer read and the 404. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("DELETE /api/waitlist/{id}").as(Role.PATIENT).path("id", Priming.ABSENT_ID).event());
    }

    @Override
    protected Response handle(Request request) {
        waitlist.leave(request.caller(), request.pathParameter("id"));
        return Response.noContent();
    }
}
