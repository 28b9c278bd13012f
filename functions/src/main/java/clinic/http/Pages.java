package clinic.http;

import clinic.domain.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** A page as the contract returns lists: a JSON array, and an RFC 8288 {@code Link} to the next page. */
public final class Pages {
    private Pages() {}

    public static <T> Response ok(Request request, Page<T> page, Function<T, Object> view) {
        List<Object> items = page.items().stream().map(view).toList();
        Response response = Response.ok(items);
        return page.next()
                .map(next -> response.withHeader("Link", "<" + nextUrl(request, Cursors.encode(next)) + ">; rel=\"next\""))
                .orElse(response);
    }

    private static String nextUrl(Request request, String cursor) {
        Map<String, String> query = new TreeMap<>(request.queryParameters());
        query.put("cursor", cursor);
        StringBuilder url = new StringBuilder(request.rawPath()).append('?');
        query.forEach((name, value) -> url.append(encode(name)).append('=').append(encode(value)).append('&'));
        url.setLength(url.length() - 1);
        return url.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
