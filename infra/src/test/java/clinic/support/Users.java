package clinic.support;

import clinic.App;
import clinic.auth.Tokens;
import clinic.domain.NewAccount;
import clinic.domain.Role;
import clinic.domain.UserProfile;
import java.util.concurrent.atomic.AtomicInteger;

/** Registered users with fresh tokens, made through the real registration and sign-in paths. */
public final class Users {
    public static final String PASSWORD = "Test-pass-1";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final App app;

    public Users(App app) {
        this.app = app;
    }

    /** A signed-in user: the Cognito sub, the username, and an access token. */
    public record User(String id, String username, String name, String token, Tokens tokens) {}

    public User admin() {
        return make(Role.ADMIN, "Ada Admin");
    }

    public User doctor(String name) {
        return make(Role.DOCTOR, name);
    }

    public User patient(String name) {
        return make(Role.PATIENT, name);
    }

    public User make(Role role, String name) {
        String username = role.name().toLowerCase() + SEQUENCE.incrementAndGet();
        UserProfile profile = app.registration().register(role,
                new NewAccount(username, username + "@example.com", PASSWORD, name));
        Tokens tokens = app.tokens().obtain(username, PASSWORD);
        return new User(profile.id(), username, name, tokens.access(), tokens);
    }
}
