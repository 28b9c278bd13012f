package clinic.http;

import clinic.domain.Problem;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crac.Core;
import org.crac.Resource;

/**
 * The base of every function: turns the event into a {@link Request}, runs the operation, and maps
 * what went wrong to the contract's error body in this one place. Nothing a client sends becomes a
 * 500; a fault of ours is logged at ERROR with its stack trace (never the body) and answered without
 * detail. Every request writes one log line, with its metrics, through {@link Telemetry}.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    private static final Map<String, Object> INTERNAL_ERROR = errorBody("Internal error", "INTERNAL_ERROR");

    /**
     * Registers for SnapStart's runtime hooks, so {@link #prime()} runs before the snapshot is
     * taken. Outside a CRaC-enabled runtime this does nothing.
     */
    protected ApiHandler() {
        Core.getGlobalContext().register(this);
    }

    protected abstract Response handle(Request request);

    /**
     * The requests that prime this function's hot path before SnapStart's snapshot (parsing,
     * validation, its read, JSON out); each must write nothing. By default, the error path.
     */
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(new APIGatewayV2HTTPEvent());
    }

    /**
     * This function's success bodies, built from sample records (nothing read or stored), which
     * priming writes as JSON so the serializers of its views are made before the snapshot, not on
     * the first request: the priming requests are refused, so they only write error bodies.
     */
    protected List<Object> primingViews() {
        return List.of();
    }

    /** This function's sample success views (nothing read), for the test that holds their JSON to the mapper's. */
    public final List<Object> sampleViews() {
        return primingViews();
    }

    /** The classes of the views priming wrote, for the test that checks each handler primes its own. */
    public final Set<Class<?>> primedViews() {
        return Set.copyOf(primedViews);
    }

    private final Set<Class<?>> primedViews = new java.util.concurrent.CopyOnWriteArraySet<>();

    /** What a successful request of this function counts as in the metrics, if anything. */
    protected String successMetric() {
        return null;
    }

    /** Runs {@link #primingRequests()}; a handler may add calls that, likewise, write nothing. */
    protected void prime() {
        for (APIGatewayV2HTTPEvent request : primingRequests()) {
            respond(request, null, true);
        }
    }

    /**
     * Never throws: a snapshot hook that threw would fail the version's publication. A priming
     * call that fails (say, AccessDenied, or a class missing from the jar: an Error) is logged at
     * ERROR, and the snapshot is taken anyway; the same failure then surfaces, per request, after
     * restore, where the alarms see it.
     */
    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            prime();
        } catch (Throwable failure) {
            Telemetry.fault(getClass().getSimpleName(), "SnapStart priming failed; snapshot taken without it", failure);
        }
        try {
            for (Object view : primingViews()) {
                Json.write(view);
                primedViews.add(view.getClass());
            }
        } catch (Throwable failure) {
            Telemetry.fault(getClass().getSimpleName(), "SnapStart priming of views failed; snapshot taken without it", failure);
        }
    }

    @Override
    public final void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to renew: clients re-read credentials from the environment on each call
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, com.amazonaws.services.lambda.runtime.Context context) {
        return respond(event, context, false);
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, com.amazonaws.services.lambda.runtime.Context context,
                                             boolean priming) {
        long started = System.nanoTime();
        Response response;
        String code = null;
        RuntimeException fault = null;
        Throwable refusedBy = null;
        try {
            response = handle(new Request(event));
        } catch (Problem problem) {
            response = error(problem);
            code = problem.code();
            refusedBy = problem.getCause();
        } catch (RuntimeException unexpected) {
            fault = unexpected;
            response = new Response(500, INTERNAL_ERROR, Map.of());
            code = "INTERNAL_ERROR";
        }
        APIGatewayV2HTTPResponse answer = toEvent(response);
        Telemetry.request(new Telemetry.RequestLine(getClass().getSimpleName(),
                context == null ? null : context.getAwsRequestId(), apiRequestId(event),
                event == null ? null : event.getRouteKey(), response.status(), code, (System.nanoTime() - started) / 1e6,
                role(event), priming, successMetric(), fault, refusedBy));
        return answer;
    }

    private static String apiRequestId(APIGatewayV2HTTPEvent event) {
        return event == null || event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    /** The caller's groups for the log, from the verified claims; "anonymous" on an open route. */
    private static String role(APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getJwt() == null
                || event.getRequestContext().getAuthorizer().getJwt().getClaims() == null) {
            return "anonymous";
        }
        Set<String> groups = new TreeSet<>();
        Callers.roles(event.getRequestContext().getAuthorizer().getJwt().getClaims().get("cognito:groups"))
                .forEach(role -> groups.add(role.group()));
        return groups.isEmpty() ? "none" : String.join(",", groups);
    }

    static Response error(Problem problem) {
        Map<String, Object> body = errorBody(problem.getMessage(), problem.code());
        if (problem instanceof Problem.Invalid invalid) {
            body.put("fields", invalid.fields());
        }
        Response response = new Response(status(problem), body, Map.of());
        return switch (problem) {
            case Problem.Unauthenticated u -> response.withHeader("WWW-Authenticate", "Bearer");
            case Problem.Busy b -> response.withHeader("Retry-After", "1");
            default -> response;
        };
    }

    private static Map<String, Object> errorBody(String message, String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        return body;
    }

    static int status(Problem problem) {
        return switch (problem) {
            case Problem.Invalid i -> 400;
            case Problem.Malformed m -> 400;
            case Problem.Unauthenticated u -> 401;
            case Problem.Forbidden f -> 403;
            case Problem.NotFound n -> 404;
            case Problem.Conflict c -> 409;
            case Problem.TooLarge t -> 413;
            case Problem.Busy b -> 503;
        };
    }

    private static APIGatewayV2HTTPResponse toEvent(Response response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        String body = null;
        if (response.body() instanceof Response.Text text) {
            headers.put("Content-Type", text.contentType());
            body = text.content();
        } else if (response.body() != null) {
            headers.put("Content-Type", "application/json");
            body = Json.write(response.body());
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
