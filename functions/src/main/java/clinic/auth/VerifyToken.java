package clinic.auth;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;
import java.util.Map;

/** {@code POST /api/api/token_verify/}: 200 {@code {}} for a token this pool and client issued, else 401. */
public final class VerifyToken extends ApiHandler {
    private final TokenVerifier verifier;

    public VerifyToken() {
        this(App.fromEnvironment());
    }

    public VerifyToken(App app) {
        this.verifier = app.tokenVerifier();
    }

    /** A well-formed token signed by no key of the pool: parsing, the JWKS fetch and the 401. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST /api/api/token_verify")
                .body("{\"token\":\"" + Priming.UNSIGNED_TOKEN + "\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(Map.of());
    }

    @Override
    protected Response handle(Request request) {
        Fields body = Fields.of(request.json());
        String token = body.string("token");
        body.check();
        verifier.verify(token);
        return Response.ok(Map.of());
    }
}
