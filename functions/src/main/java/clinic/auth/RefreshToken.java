package clinic.auth;

import clinic.App;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Request;
import clinic.http.Response;

/** {@code POST /api/api/token_refresh/}: a refresh token in, new access and id tokens out. */
public final class RefreshToken extends ApiHandler {
    private final TokenService tokens;

    public RefreshToken() {
        this(App.fromEnvironment());
    }

    public RefreshToken(App app) {
        this.tokens = app.tokens();
    }

    @Override
    protected Response handle(Request request) {
        Fields body = Fields.of(request.json());
        String refresh = body.string("refresh");
        body.check();
        return Response.ok(tokens.refresh(refresh));
    }
}
