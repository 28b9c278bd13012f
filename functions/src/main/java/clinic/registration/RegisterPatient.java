package clinic.registration;

import clinic.App;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Request;
import clinic.http.Response;

/** {@code POST /api/register_patient/}: anyone signs up as a patient; no token needed. */
public final class RegisterPatient extends ApiHandler {
    private final RegistrationService registration;

    public RegisterPatient() {
        this(App.fromEnvironment());
    }

    public RegisterPatient(App app) {
        this.registration = app.registration();
    }

    @Override
    protected Response handle(Request request) {
        return Response.created(Registrations.view(registration.register(Role.PATIENT, Registrations.read(request))));
    }
}
