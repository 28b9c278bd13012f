package clinic.auth;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code POST /api/api/token_refresh/}: a refresh token in, new access and id tokens out. */
public final class RefreshToken extends ApiHandler {
    private final TokenService tokens;

    public RefreshToken() {
        this(App.fromEnvironment());
    }

    public RefreshToken(App app) {
        this.tokens = app.tokens();
    }

    /** A refresh with a token Cognito never issued: parsing, the call to Cognito and the 401. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/api/token_refresh")
                .body("{\"refresh\":\"" + Priming.CALLER + "\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(new Tokens(Priming.CALLER, Priming.CALLER, Priming.CALLER, 3600, "Bearer"));
    }

    @Override
    protected Response handle(Request request) {
        Fields body = Fields.of(request.json());
        String refresh = body.string("refresh");
        body.check();
        return Response.ok(tokens.refresh(refresh));
    }
}
