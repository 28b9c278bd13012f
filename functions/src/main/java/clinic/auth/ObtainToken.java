package clinic.auth;

import clinic.App;
import clinic.domain.NewAccount;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code POST /api/api/token_obtain/}: username and password in, tokens out. */
public final class ObtainToken extends ApiHandler {
    private final TokenService tokens;

    public ObtainToken() {
        this(App.fromEnvironment());
    }

    public ObtainToken(App app) {
        this.tokens = app.tokens();
    }

    /** A sign-in of nobody: parsing, the call to Cognito and the 401. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/api/token_obtain")
                .body("{\"username\":\"" + Priming.CALLER + "\",\"password\":\"" + Priming.CALLER + "\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(new Tokens(Priming.CALLER, Priming.CALLER, Priming.CALLER, 3600, "Bearer"));
    }

    @Override
    protected Response handle(Request request) {
        Fields body = Fields.of(request.json());
        String username = body.string("username");
        String password = body.string("password");
        body.check();
        // signs in with the form the username was registered in (ｐａｔ is pat)
        return Response.ok(tokens.obtain(NewAccount.normaliseUsername(username), password));
    }
}
