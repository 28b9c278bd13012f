package clinic.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Route selection as an API Gateway HTTP API documents it: a request goes to the route whose key
 * fully matches its method and path (static segments before path variables), else to the longest
 * route ending in a greedy {@code {name+}} variable, else to {@code $default}. {@code ANY} matches
 * any method the path has no route of its own for. Paths are compared segment by segment, exactly:
 * {@code /x/} is not {@code /x}. The local API and the {@code $default} function both choose with it.
 */
public final class Routes {
    /** The route keys of template.yaml, written at build time (see functions/pom.xml). */
    public static final String DECLARED = "/clinic/http/routes.txt";

    /** The chosen route's key (e.g. {@code GET /api/timeslots/{id}}) and its decoded path variables. */
    public record Match(String routeKey, Map<String, String> pathParameters) {}

    private record Route(String key, String method, List<String> segments, boolean greedy) {
        static Route parse(String key) {
            int space = key.indexOf(' ');
            if (space < 0 || !key.startsWith("/", space + 1)) {
                throw new IllegalArgumentException("Not a route key: " + key);
            }
            List<String> segments = List.of(key.substring(space + 2).split("/", -1));
            boolean greedy = segments.getLast().endsWith("+}");
            return new Route(key, key.substring(0, space).toUpperCase(Locale.ROOT), segments, greedy);
        }

        static boolean variable(String segment) {
            return segment.startsWith("{") && segment.endsWith("}");
        }

        static String name(String segment) {
            return segment.substring(1, segment.length() - (segment.endsWith("+}") ? 2 : 1));
        }
    }

    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = routes;
    }

    public static Routes of(Collection<String> routeKeys) {
        return new Routes(routeKeys.stream().map(Route::parse).toList());
    }

    /** The routes this build of the functions was made for. */
    public static Routes declared() {
        try (InputStream in = Routes.class.getResourceAsStream(DECLARED)) {
            if (in == null) {
                throw new IllegalStateException(DECLARED + " is missing: build with ./mvnw package");
            }
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            in.transferTo(text);
            return of(text.toString(StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> keys() {
        return routes.stream().map(Route::key).toList();
    }

    /**
     * The route a request goes to, or empty (the {@code $default} route's, if there is one).
     *
     * @throws IllegalArgumentException when the path is not a path: no leading slash, or a bad
     *     percent-encoding
     */
    public Optional<Match> match(String method, String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new IllegalArgumentException("A path starts with /");
        }
        List<String> parts = new ArrayList<>();
        for (String raw : rawPath.substring(1).split("/", -1)) {
            parts.add(decode(raw));
        }
        String verb = method == null ? "" : method.toUpperCase(Locale.ROOT);
        Optional<Match> full = best(verb, parts, false);
        return full.isPresent() ? full : best(verb, parts, true);
    }

    /** Among the routes of one kind (full or greedy), the exact method before ANY, then the most specific. */
    private Optional<Match> best(String method, List<String> parts, boolean greedy) {
        Match chosen = null;
        int chosenScore = -1;
        for (Route route : routes) {
            if (route.greedy() != greedy) {
                continue;
            }
            boolean exactMethod = route.method().equals(method);
            if (!exactMethod && !route.method().equals("ANY")) {
                continue;
            }
            Map<String, String> params = greedy ? greedyMatch(route, parts) : fullMatch(route, parts);
            if (params == null) {
                continue;
            }
            // Static segments outrank variables (/pets/dog/1 before /pets/dog/{id}); a longer greedy
            // prefix outranks a shorter one; a route of the method outranks ANY.
            int score = (exactMethod ? 1 << 20 : 0) + specificity(route);
            if (score > chosenScore) {
                chosen = new Match(route.key(), params);
                chosenScore = score;
            }
        }
        return Optional.ofNullable(chosen);
    }

    private static int specificity(Route route) {
        int score = route.segments().size() << 10;
        for (int i = 0; i < route.segments().size(); i++) {
            if (!Route.variable(route.segments().get(i))) {
                score += 1 << Math.max(0, 9 - i);
            }
        }
        return score;
    }

    private static Map<String, String> fullMatch(Route route, List<String> parts) {
        if (route.segments().size() != parts.size()) {
            return null;
        }
        return prefixMatch(route.segments(), parts);
    }

    private static Map<String, String> greedyMatch(Route route, List<String> parts) {
        List<String> prefix = route.segments().subList(0, route.segments().size() - 1);
        if (parts.size() <= prefix.size()) {
            return null;
        }
        Map<String, String> params = prefixMatch(prefix, parts);
        if (params == null) {
            return null;
        }
        String rest = String.join("/", parts.subList(prefix.size(), parts.size()));
        if (rest.isEmpty()) {
            return null;
        }
        params.put(Route.name(route.segments().getLast()), rest);
        return params;
    }

    private static Map<String, String> prefixMatch(List<String> pattern, List<String> parts) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String segment = pattern.get(i);
            String part = parts.get(i);
            if (Route.variable(segment)) {
                if (part.isEmpty()) {
                    return null;
                }
                params.put(Route.name(segment), part);
            } else if (!segment.equals(part)) {
                return null;
            }
        }
        return params;
    }

    /** Percent-decoding of one path segment (a {@code +} is a plus here, not a space). */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("Bad percent-encoding in the path");
                }
                run.write(high * 16 + low);
                i += 2;
            } else {
                out.append(run.toString(StandardCharsets.UTF_8)).append(c);
                run.reset();
            }
        }
        return out.append(run.toString(StandardCharsets.UTF_8)).toString();
    }
}
