package clinic.directory;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Pages;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/**
 * {@code GET /api/doctors?specialty=&q=}: the doctors by name, each with their profile; {@code q}
 * a name prefix (case-insensitive), {@code specialty} one of the clinic's; paged like every list.
 */
public final class ListDoctors extends ApiHandler {
    private final DirectoryService directory;

    public ListDoctors() {
        this(App.fromEnvironment());
    }

    public ListDoctors(App app) {
        this.directory = app.directory();
    }

    /** Both walks: every doctor by a prefix, and a specialty's (its entries, then the page's profiles). */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/doctors").as(Role.PATIENT).query("q", "gr").event(),
                Priming.request("GET /api/doctors").as(Role.PATIENT).query("specialty", "cardiology").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(DirectoryViews.priming());
    }

    @Override
    protected Response handle(Request request) {
        var page = directory.list(request.caller(), request.query("specialty"), request.query("q"), request.page());
        return Pages.ok(request, page, DirectoryViews::of);
    }
}
