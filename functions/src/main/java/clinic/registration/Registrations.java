package clinic.registration;

import clinic.domain.NewAccount;
import clinic.domain.UserProfile;
import clinic.http.Fields;
import clinic.http.Request;
import java.util.LinkedHashMap;
import java.util.Map;

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

    static Map<String, Object> view(UserProfile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", profile.id());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", profile.username());
        user.put("email", profile.email());
        json.put("user", user);
        json.put("name", profile.name());
        return json;
    }
}
