package clinic.patients;

import clinic.App;
import clinic.domain.Role;
import clinic.domain.UserRef;
import clinic.http.ApiHandler;
import clinic.http.Pages;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/patients?q=}: staff and admins find patients by name, a page at a time (issue 20). */
public final class SearchPatients extends ApiHandler {
    private final PatientService patients;

    public SearchPatients() {
        this(App.fromEnvironment());
    }

    public SearchPatients(App app) {
        this.patients = app.patients();
    }

    /** A patient on the wire: {@code {id, username, name}}. */
    record PatientView(String id, String username, String name) {
        static PatientView of(UserRef patient) {
            return new PatientView(patient.id(), patient.username(), patient.name());
        }
    }

    /** A name search: the index read and the JSON out. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/patients").as(Role.STAFF).query("q", "priming").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(PatientView.of(Priming.NOBODY));
    }

    @Override
    protected Response handle(Request request) {
        var page = patients.search(request.caller(), request.query("q"), request.page());
        return Pages.ok(request, page, PatientView::of);
    }
}
