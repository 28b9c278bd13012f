package clinic.registration;

import clinic.domain.NewAccount;
import clinic.domain.UserProfile;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;

/** The registration body {@code {"user": {username, email, password}, "name"?}} and its answer. */
final class Registrations {
    private Registrations() {}

    static NewAccount read(Request request) {
        Fields body = Fields.of(request.json());
        Fields user = body.object("user");
        String username = user.string("username");
        String email = user.string("email");
        String password = user.string("password");
        String name = body.optionalString("name");
        body.check();
        return new NewAccount(username, email, password, name);
    }

    /** A registered user on the wire: {@code {id, user: {username, email}, name}}. */
    record RegistrationView(String id, UserView user, String name) {}

    record UserView(String username, String email) {}

    static RegistrationView view(UserProfile profile) {
        return new RegistrationView(profile.id(), new UserView(profile.username(), profile.email()), profile.name());
    }

    /** A registration's view, from a sample nothing stores: what priming writes. */
    static Object primingView() {
        return view(new UserProfile(Priming.ABSENT_ID, clinic.domain.Role.PATIENT, Priming.CALLER,
                Priming.CALLER + "@example.invalid", Priming.NOBODY.name()));
    }
}
