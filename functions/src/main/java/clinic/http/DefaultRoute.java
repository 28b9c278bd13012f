package clinic.http;

import clinic.domain.Problem;
import java.util.Map;

/**
 * The HTTP API's {@code $default} route: what matches no declared route comes here. A declared
 * route with a trailing slash ({@code POST /api/appointments/}, as the original service's clients
 * send it) is answered {@code 308 Permanent Redirect} to the slash-less path, query kept, so the
 * client repeats the same method and body there; anything else is the contract's JSON 404. It
 * needs no table, no user pool and no caller: it reads only the route list built into the jar.
 */
public final class DefaultRoute extends ApiHandler {
    private final Routes routes;

    public DefaultRoute() {
        this(Routes.declared());
    }

    public DefaultRoute(Routes routes) {
        this.routes = routes;
    }

    @Override
    protected Response handle(Request request) {
        String path = request.rawPath();
        if (path.length() > 1 && path.endsWith("/") && declared(request.method(), path.substring(0, path.length() - 1))) {
            String query = request.rawQuery();
            String location = path.substring(0, path.length() - 1) + (query.isEmpty() ? "" : "?" + query);
            return new Response(308, null, Map.of("Location", location));
        }
        throw new Problem.NotFound("Route");
    }

    private boolean declared(String method, String path) {
        try {
            return routes.match(method, path).isPresent();
        } catch (IllegalArgumentException notAPath) {
            return false;
        }
    }
}
