package clinic.http;

import clinic.domain.Caller;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A payload v2 event, read the way every handler needs it: caller, path, query, headers and body. */
public final class Request {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public Request(APIGatewayV2HTTPEvent event) {
        this.event = event;
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
    }

    /** The signed-in caller; 401 when the route's authorizer passed no claims. */
    public Caller caller() {
        var context = event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        return Callers.fromClaims(jwt == null ? null : jwt.getClaims());
    }

    public String rawPath() {
        return event.getRawPath() == null ? "/" : event.getRawPath();
    }

    /** The HTTP method, as the gateway received it. */
    public String method() {
        var context = event.getRequestContext();
        var http = context == null ? null : context.getHttp();
        return http == null || http.getMethod() == null ? "" : http.getMethod();
    }

    /** The query string as sent, without the {@code ?}; empty when there is none. */
    public String rawQuery() {
        return event.getRawQueryString() == null ? "" : event.getRawQueryString();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** A path parameter; the route guarantees it is there, so a missing one is a 404. */
    public String pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isBlank()) {
            throw new Problem.NotFound("Resource");
        }
        return value;
    }

    /** A numeric path id such as a time slot's; anything else cannot name one, so 404. */
    public int pathId(String name, String what) {
        Integer id = Params.positiveInt(pathParameter(name));
        if (id == null) {
            throw new Problem.NotFound(what);
        }
        return id;
    }

    public Optional<String> query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return Optional.ofNullable(params == null ? null : params.get(name)).filter(v -> !v.isEmpty());
    }

    public Map<String, String> queryParameters() {
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? Map.of() : params;
    }

    /** A date in the query, if given; given empty ({@code ?date=}) is no date, not "no filter": 400 as any bad date. */
    public Optional<LocalDate> queryDate(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return Optional.ofNullable(params == null ? null : params.get(name)).map(text -> {
            try {
                return Params.date(text);
            } catch (DateTimeParseException e) {
                throw new Problem.Invalid(name, "must be a date YYYY-MM-DD");
            }
        });
    }

    public PageRequest page() {
        int limit = query("limit").map(text -> {
            Integer value = Params.positiveInt(text);
            if (value == null) {
                throw new Problem.Invalid("limit", "must be between 1 and " + PageRequest.MAX_LIMIT);
            }
            return value;
        }).orElse(PageRequest.DEFAULT_LIMIT);
        return new PageRequest(limit, query("cursor").map(Cursors::decode));
    }

    /** Whether the request has a body at all (a DELETE may, or may not). */
    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isBlank();
    }

    /** The body parsed as JSON: 413 over 64 KiB, 400 when absent or not exactly one JSON value. */
    public JsonNode json() {
        String body = event.getBody();
        if (body == null || body.isBlank()) {
            throw new Problem.Malformed("A JSON request body is required");
        }
        if (event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Problem.Malformed("Request body is not valid base64");
            }
        }
        if (body.length() > MAX_BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new Problem.TooLarge("Request body is over " + MAX_BODY_BYTES / 1024 + " KiB");
        }
        return Json.read(body);
    }
}
