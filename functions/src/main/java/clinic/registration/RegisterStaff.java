package clinic.registration;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code POST /api/register_staff/}: an admin registers a member of staff (the front desk, issue 20); the body of register_doctor. */
public final class RegisterStaff extends ApiHandler {
    private final RegistrationService registration;

    public RegisterStaff() {
        this(App.fromEnvironment());
    }

    public RegisterStaff(App app) {
        this.registration = app.registration();
    }

    /** A sign-up whose password the policy refuses: parsing, validation and the 400, before any write. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/register_staff").as(Role.ADMIN).body(Priming.WEAK_SIGN_UP).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(Registrations.primingView());
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        return Response.created(Registrations.view(registration.register(Role.STAFF, Registrations.read(request))));
    }
}
