package clinic.availability;

import clinic.App;
import clinic.domain.ClinicClock;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Pages;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/availabilities/}: open slots across all doctors, or one doctor's schedule; filtered, ordered and paged. */
public final class ListOpenSlots extends ApiHandler {
    private final AvailabilityService availabilities;
    private final ClinicClock clock;

    public ListOpenSlots() {
        this(App.fromEnvironment());
    }

    public ListOpenSlots(App app) {
        this.availabilities = app.availabilities();
        this.clock = app.clock();
    }

    /** Today's open slots: the index read and the JSON out. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/availabilities").as(Role.PATIENT).query("date", clock.today().toString()).event());
    }

    @Override
    protected List<Object> primingViews() {
        return AvailabilityViews.primingViews(clock);
    }

    @Override
    protected Response handle(Request request) {
        var query = new AvailabilityService.OpenSlotQuery(request.queryDate("date"), request.queryDate("from"),
                request.queryDate("to"), request.query("doctor"), request.query("ordering"), request.query("status"),
                request.query("specialty"));
        var page = availabilities.list(request.caller(), query, request.page());
        return Pages.ok(request, page, query.status().isPresent() ? AvailabilityViews.scheduled(clock) : AvailabilityViews.listed(clock));
    }
}
