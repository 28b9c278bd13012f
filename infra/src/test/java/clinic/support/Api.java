package clinic.support;

import clinic.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain HTTP client of the local API, as the mobile apps and curl are. Every answer is checked
 * against openapi.yaml before a test sees it: an answer the contract does not declare fails the test.
 */
public final class Api {
    // Follows redirects as the original service's clients do: their trailing-slash paths get a 308
    // from the $default route, repeated (same method, body and headers) on the path without it.
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private static final OpenApiContract CONTRACT = OpenApiContract.repo();

    private final String baseUrl;

    public Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One answer: status, headers and body, with the body read as JSON on demand. */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public Object json() {
            return body.isEmpty() ? null : Json.parse(body);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> object() {
            return (Map<String, Object>) json();
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> array() {
            return (List<Map<String, Object>>) json();
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        /** The {@code fields} of a validation error. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> fields() {
            return (Map<String, Object>) object().get("fields");
        }

        public String code() {
            return String.valueOf(object().get("code"));
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Reply post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    public Reply put(String path, String token, Object body) {
        return send("PUT", path, token, body, Map.of());
    }

    public Reply delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    /** {@code body} is sent as is when it is a String (so tests can send broken JSON), else as JSON. */
    public Reply send(String method, String path, String token, Object body, Map<String, String> headers) {
        String text = body == null ? null : body instanceof String s ? s : Json.write(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            CONTRACT.check(method, response.uri(), response.statusCode(), response.headers().map(), response.body());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
