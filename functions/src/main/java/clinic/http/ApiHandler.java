package clinic.http;

import clinic.domain.Problem;
import org.crac.Core;
import org.crac.Resource;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The base of every function: turns the event into a {@link Request}, runs the operation, and maps
 * what went wrong to the contract's error body in this one place. Nothing a client sends becomes a
 * 500; a fault of ours is logged (class and message, never the body) and answered without detail.
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
     * Runs the hot path once before SnapStart's snapshot, so restored instances start with its
     * classes loaded and initialised. Must write nothing. By default, the error path and JSON.
     */
    protected void prime() {
        handleRequest(new APIGatewayV2HTTPEvent(), null);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to renew: clients re-read credentials from the environment on each call
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, com.amazonaws.services.lambda.runtime.Context context) {
        Response response;
        try {
            response = handle(new Request(event));
        } catch (Problem problem) {
            response = error(problem);
        } catch (RuntimeException fault) {
            // Looked up only here: the logging system costs a cold start that never faults.
            System.getLogger(ApiHandler.class.getName()).log(Level.ERROR, "Unhandled fault in {0} {1}: {2}: {3}", getClass().getSimpleName(),
                    event == null ? "-" : event.getRouteKey(), fault.getClass().getName(), fault.getMessage());
            response = new Response(500, INTERNAL_ERROR, Map.of());
        }
        return toEvent(response);
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
