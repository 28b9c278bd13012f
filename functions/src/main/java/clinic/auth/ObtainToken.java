package clinic.auth;

import clinic.App;
import clinic.domain.NewAccount;
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
        // signs in with the form the username was registered in (ｐａｔ is pat)
        return Response.ok(tokens.obtain(NewAccount.normaliseUsername(username), password));
    }
}
