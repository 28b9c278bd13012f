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

/** {@code POST /api/waitlist/}: a patient waits for a doctor's date, optionally within a window of the day. */
public final class JoinWaitlist extends ApiHandler {
    private final WaitlistService waitlist;
    private final ClinicClock clock;

    public JoinWaitlist() {
        this(App.fromEnvironment());
    }

    public JoinWaitlist(App app) {
        this.waitlist = app.waitlist();
        this.clock = app.clock();
    }

    /** Waiting for a doctor that does not exist: parsing, validation, the profile read and the 400. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/waitlist").as(Role.PATIENT)
                .body("{\"doctor\":\"" + Priming.ABSENT_ID + "\",\"date\":\"" + clock.today().plusDays(1)
                        + "\",\"from_time\":\"09:00:00\",\"to_time\":\"12:00:00\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(WaitlistViews.primingView(clock));
    }

    @Override
    protected Response handle(Request request) {
        var patient = request.caller().require(Role.PATIENT);
        var entry = waitlist.join(patient, WaitlistViews.joinRequest(request, patient));
        return Response.created(WaitlistViews.view(entry, null, clock));
    }
}
