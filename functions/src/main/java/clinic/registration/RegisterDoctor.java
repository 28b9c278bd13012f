package clinic.registration;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code POST /api/register_doctor/}: an admin registers a doctor. */
public final class RegisterDoctor extends ApiHandler {
    private final RegistrationService registration;

    public RegisterDoctor() {
        this(App.fromEnvironment());
    }

    public RegisterDoctor(App app) {
        this.registration = app.registration();
    }

    @Override
    protected Response handle(Request request) {
        request.caller().require(Role.ADMIN);
        return Response.created(Registrations.view(registration.register(Role.DOCTOR, Registrations.read(request))));
    }
}
