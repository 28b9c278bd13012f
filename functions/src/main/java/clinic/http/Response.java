package clinic.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, a JSON body (maps, lists and scalars) or none, and headers. */
public record Response(int status, Object body, Map<String, String> headers) {

    public static Response ok(Object body) {
        return new Response(200, body, Map.of());
    }

    public static Response created(Object body) {
        return new Response(201, body, Map.of());
    }

    public static Response noContent() {
        return new Response(204, null, Map.of());
    }

    /** A body that is not JSON, sent as it is (e.g. a calendar). */
    public record Text(String contentType, String content) {}

    public static Response text(String contentType, String content) {
        return new Response(200, new Text(contentType, content), Map.of());
    }

    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, body, more);
    }
}
