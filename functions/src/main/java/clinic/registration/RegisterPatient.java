package clinic.registration;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code POST /api/register_patient/}: anyone signs up as a patient; no token needed. */
public final class RegisterPatient extends ApiHandler {
    private final RegistrationService registration;

    public RegisterPatient() {
        this(App.fromEnvironment());
    }

    public RegisterPatient(App app) {
        this.registration = app.registration();
    }

    /** A sign-up whose password the policy refuses: parsing, validation and the 400, before any write. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/register_patient").body(Priming.WEAK_SIGN_UP).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(Registrations.primingView());
    }

    @Override
    protected Response handle(Request request) {
        return Response.created(Registrations.view(registration.register(Role.PATIENT, Registrations.read(request))));
    }
}
