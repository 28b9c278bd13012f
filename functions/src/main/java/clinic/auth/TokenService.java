package clinic.auth;

import clinic.domain.Problem;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/** Sign-in and refresh through the user pool's public app client. */
public final class TokenService {
    private final CognitoIdentityProviderClient cognito;
    private final String clientId;

    public TokenService(CognitoIdentityProviderClient cognito, String clientId) {
        this.cognito = cognito;
        this.clientId = clientId;
    }

    public Tokens obtain(String username, String password) {
        return tokens(AuthFlowType.USER_PASSWORD_AUTH, Map.of("USERNAME", username, "PASSWORD", password), null,
                "No active account found with the given credentials");
    }

    public Tokens refresh(String refreshToken) {
        return tokens(AuthFlowType.REFRESH_TOKEN_AUTH, Map.of("REFRESH_TOKEN", refreshToken), refreshToken,
                "Token is invalid or expired");
    }

    private Tokens tokens(AuthFlowType flow, Map<String, String> parameters, String knownRefresh, String refusal) {
        InitiateAuthResponse response;
        try {
            response = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(flow).authParameters(parameters));
        } catch (NotAuthorizedException | UserNotFoundException | UserNotConfirmedException
                 | PasswordResetRequiredException | InvalidParameterException e) {
            throw new Problem.Unauthenticated(refusal, knownRefresh == null ? "INVALID_CREDENTIALS" : "token_not_valid");
        } catch (TooManyRequestsException e) {
            throw new Problem.Busy();
        } catch (CognitoIdentityProviderException e) {
            if (e.isThrottlingException()) {
                throw new Problem.Busy();
            }
            throw e;
        }
        AuthenticationResultType result = response.authenticationResult();
        if (result == null) { // a challenge, such as a required new password, that this API does not serve
            throw new Problem.Unauthenticated("This account must finish sign-in elsewhere (" + response.challengeNameAsString() + ")",
                    "CHALLENGE_REQUIRED");
        }
        return new Tokens(result.accessToken(), knownRefresh == null ? result.refreshToken() : null, result.idToken(),
                result.expiresIn() == null ? 3600 : result.expiresIn(), result.tokenType() == null ? "Bearer" : result.tokenType());
    }
}
