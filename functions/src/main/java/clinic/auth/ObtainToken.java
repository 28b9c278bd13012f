package clinic.auth;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Request;
import clinic.http.Response;

/** {@code POST /api/api/token_obtain/}: username and password in, tokens out. */
public final class ObtainToken extends ApiHandler {
    private final TokenService tokens;

    public ObtainToken() {
        this(App.fromEnvironment());
    }

    public ObtainToken(App app) {
        this.tokens = app.tokens();
    }

    @Override
    protected Response handle(Request request) {
        Fields body = Fields.of(request.json());
        String username = body.string("username");
        String password = body.string("password");
        body.check();
        return Response.ok(tokens.obtain(username, password));
    }
}
