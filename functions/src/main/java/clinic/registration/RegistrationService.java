package clinic.registration;

import clinic.domain.Conflicts;
import clinic.domain.NewAccount;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.UserProfile;
import clinic.http.Telemetry;
import clinic.store.UserStore;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * Signs up a doctor or a patient: the username and email are claimed in the table first (so two
 * sign-ups cannot take the same one), then the Cognito user is made with a permanent password and
 * put in the role's group, then the profile is saved. A failure part-way undoes what was done, so
 * a refused sign-up leaves nothing behind.
 */
public final class RegistrationService {
    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final UserStore users;

    public RegistrationService(CognitoIdentityProviderClient cognito, String userPoolId, UserStore users) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.users = users;
    }

    public UserProfile register(Role role, NewAccount account) {
        users.claim(account);
        boolean created = false;
        try {
            String sub = createUser(account);
            created = true;
            cognito.adminSetUserPassword(r -> r.userPoolId(userPoolId).username(account.username())
                    .password(account.password()).permanent(true));
            cognito.adminAddUserToGroup(r -> r.userPoolId(userPoolId).username(account.username()).groupName(role.group()));
            UserProfile profile = new UserProfile(sub, role, account.username(), account.email(), account.name());
            users.save(profile);
            return profile;
        } catch (RuntimeException failure) {
            undo(account, created);
            throw switch (failure) {
                case UsernameExistsException e -> Conflicts.alreadyExists("A user with that username");
                case InvalidPasswordException e -> new Problem.Invalid("user.password", "is too weak for the user pool's policy");
                case TooManyRequestsException e -> new Problem.Busy();
                default -> failure;
            };
        }
    }

    private String createUser(NewAccount account) {
        var user = cognito.adminCreateUser(r -> r.userPoolId(userPoolId).username(account.username())
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attribute("email", account.email()), attribute("email_verified", "true"),
                        attribute("name", account.name())))
                .user();
        return user.attributes().stream().filter(a -> a.name().equals("sub")).map(AttributeType::value)
                .findFirst().orElseThrow(() -> new IllegalStateException("Cognito returned a user without sub"));
    }

    private void undo(NewAccount account, boolean created) {
        try {
            if (created) {
                cognito.adminDeleteUser(r -> r.userPoolId(userPoolId).username(account.username()));
            }
            users.release(account);
        } catch (RuntimeException e) {
            // No username: the log carries no personal data.
            Telemetry.fault("registration", "Could not undo a failed sign-up", e);
        }
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
