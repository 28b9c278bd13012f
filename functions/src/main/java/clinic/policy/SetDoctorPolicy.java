package clinic.policy;

import clinic.App;
import clinic.domain.BookingPolicy;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/**
 * {@code PUT /api/doctors/{id}/policy} {@code {"min_notice_minutes": 120, "horizon_days": 60,
 * "cancel_cutoff_hours": 24}}: an admin sets a doctor's own booking rules, all three; a rule that
 * is null is the clinic's.
 */
public final class SetDoctorPolicy extends ApiHandler {
    private final PolicyService policies;

    public SetDoctorPolicy() {
        this(App.fromEnvironment());
    }

    public SetDoctorPolicy(App app) {
        this.policies = app.policies();
    }

    /** Up to validation only: a valid body would write. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/doctors/{id}/policy").as(Role.ADMIN).path("id", Priming.ABSENT_ID)
                .body("{\"min_notice_minutes\":-1}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(PolicyView.priming());
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        Fields fields = Fields.of(request.json());
        Integer notice = fields.wholeOrNull("min_notice_minutes", BookingPolicy.MAX_NOTICE_MINUTES);
        Integer horizon = fields.wholeOrNull("horizon_days", BookingPolicy.MAX_HORIZON_DAYS);
        Integer cutoff = fields.wholeOrNull("cancel_cutoff_hours", BookingPolicy.MAX_CUTOFF_HOURS);
        fields.check();
        return Response.ok(PolicyView.of(policies.set(request.caller(), request.pathParameter("id"),
                new BookingPolicy(notice, horizon, cutoff))));
    }
}
