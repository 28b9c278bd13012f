package clinic.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The template's {@code CorsConfiguration} as API Gateway's HTTP API applies it: a preflight
 * ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is answered by
 * the gateway itself, before routing and without the authorizer; any other request from an allowed
 * origin gets {@code Access-Control-Allow-Origin} and {@code Access-Control-Expose-Headers} on its
 * answer, whatever the function returned. Methods, headers and max age are read from template.yaml;
 * the origins are the value of its {@code CorsAllowedOrigins} parameter, given here by the caller.
 * No origin at all (the parameter's default): no CORS, as the template's {@code !If} leaves it off.
 */
public final class LocalCors {
    /** What {@code ./dev up} and the tests allow unless told otherwise: a page on this machine, any port. */
    public static final List<String> LOCAL_ORIGINS = List.of("http://localhost:*", "http://127.0.0.1:*");

    private final List<String> origins;
    private final List<String> methods;
    private final List<String> headers;
    private final List<String> exposed;
    private final Integer maxAge;

    private LocalCors(List<String> origins, List<String> methods, List<String> headers, List<String> exposed, Integer maxAge) {
        this.origins = List.copyOf(origins);
        this.methods = methods;
        this.headers = headers;
        this.exposed = exposed;
        this.maxAge = maxAge;
    }

    /** The template's CorsConfiguration with these origins standing for its {@code CorsAllowedOrigins}. */
    public static LocalCors of(CfnTemplate template, List<String> origins) {
        Map<String, Object> configuration = configuration(template);
        return new LocalCors(origins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList(),
                strings(configuration.get("AllowMethods")), strings(configuration.get("AllowHeaders")),
                strings(configuration.get("ExposeHeaders")),
                configuration.get("MaxAge") instanceof Number n ? n.intValue() : null);
    }

    /** Origins as the parameter is written: comma-separated; blank for none. */
    public static List<String> parse(String commaSeparated) {
        return List.of(commaSeparated.split(",")).stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    /**
     * The CorsConfiguration of the template's one HttpApi, the branch its {@code !If} takes when
     * origins are given. It must be there: the local API would otherwise answer CORS unlike AWS.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> configuration(CfnTemplate template) {
        Object cors = template.single("AWS::Serverless::HttpApi").get("CorsConfiguration");
        if (cors instanceof CfnTemplate.Intrinsic(String tag, Object value) && tag.equals("!If")
                && value instanceof List<?> branches && branches.size() == 3 && branches.get(1) instanceof Map<?, ?> given) {
            return (Map<String, Object>) given;
        }
        if (cors instanceof Map<?, ?> plain) {
            return (Map<String, Object>) plain;
        }
        throw new IllegalStateException("template.yaml: the HttpApi's CorsConfiguration is not the expected !If [HasCorsOrigins, {...}, !Ref AWS::NoValue]");
    }

    public List<String> origins() {
        return origins;
    }

    /** The preflight's answer, if this request is one (whether or not its origin is allowed). */
    public Optional<Map<String, String>> preflight(String method, Optional<String> origin, Optional<String> requestedMethod) {
        if (origins.isEmpty() || !method.equalsIgnoreCase("OPTIONS") || origin.isEmpty() || requestedMethod.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> answer = new LinkedHashMap<>();
        allowed(origin.get()).ifPresent(allowed -> {
            answer.put("Access-Control-Allow-Origin", allowed);
            answer.put("Access-Control-Allow-Methods", String.join(",", methods));
            if (!headers.isEmpty()) {
                answer.put("Access-Control-Allow-Headers", String.join(",", headers));
            }
            if (maxAge != null) {
                answer.put("Access-Control-Max-Age", Integer.toString(maxAge));
            }
        });
        answer.put("Vary", "Origin");
        return Optional.of(answer);
    }

    /** The headers added to an actual answer for this request's Origin (none for no or another origin). */
    public Map<String, String> onAnswer(Optional<String> origin) {
        if (origins.isEmpty() || origin.isEmpty()) {
            return Map.of();
        }
        return allowed(origin.get()).map(allowed -> {
            Map<String, String> added = new LinkedHashMap<>();
            added.put("Access-Control-Allow-Origin", allowed);
            if (!exposed.isEmpty()) {
                added.put("Access-Control-Expose-Headers", String.join(",", exposed));
            }
            added.put("Vary", "Origin");
            return added;
        }).orElse(Map.of());
    }

    /**
     * {@code *} for any origin; otherwise the origin itself when one entry names it exactly or, ending
     * in {@code *}, is a prefix of it ({@code https://*} as on AWS; {@code http://localhost:*} for
     * any port, which ./dev up uses).
     */
    private Optional<String> allowed(String origin) {
        for (String entry : origins) {
            if (entry.equals("*")) {
                return Optional.of("*");
            }
            boolean matches = entry.endsWith("*")
                    ? origin.toLowerCase(Locale.ROOT).startsWith(entry.substring(0, entry.length() - 1).toLowerCase(Locale.ROOT))
                            && wholeOrigin(origin)
                    : entry.equalsIgnoreCase(origin);
            if (matches) {
                return Optional.of(origin);
            }
        }
        return Optional.empty();
    }

    /** A scheme and host, maybe a port, nothing after: {@code http://localhost:*} must not allow {@code http://localhost:1@evil}. */
    private static boolean wholeOrigin(String origin) {
        return origin.matches("(?i)https?://[a-z0-9.\\-\\[\\]:]+");
    }

    private static List<String> strings(Object value) {
        return CfnTemplate.list(value).stream().map(String::valueOf).toList();
    }
}
