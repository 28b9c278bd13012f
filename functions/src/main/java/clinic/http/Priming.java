package clinic.http;

import clinic.domain.Role;
import clinic.domain.SlotGrid;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request a handler primes itself with before a SnapStart snapshot, built as API Gateway would
 * send it. The caller, {@value #CALLER}, is nobody: no user, doctor, slot or appointment has that
 * id, so a priming request reads and is refused, and never writes.
 */
public final class Priming {
    public static final String CALLER = "snapstart-priming";
    /** An id of the right shape that nothing has. */
    public static final String ABSENT_ID = "00000000-0000-4000-8000-000000000000";
    /** A complete sign-up whose password the pool's policy refuses, so it fails before any write. */
    public static final String WEAK_SIGN_UP = "{\"user\":{\"username\":\"" + CALLER + "\",\"email\":\"" + CALLER
            + "@example.invalid\",\"password\":\"weak\"},\"name\":\"Snapstart Priming\"}";
    /**
     * A well-formed RS256 token that no key signed: verifying it fetches the pool's JWKS and fails on
     * the signature. No {@code kid}: an unknown one would make the key source refetch, and a second
     * priming within its rate limit would then be refused as busy.
     */
    public static final String UNSIGNED_TOKEN = base64Url("{\"alg\":\"RS256\"}") + "."
            + base64Url("{\"sub\":\"" + CALLER + "\",\"token_use\":\"access\"}") + "." + base64Url(CALLER);

    /** A user for the sample records success views are primed with (nothing reads or stores them). */
    public static final UserRef NOBODY = new UserRef(ABSENT_ID, CALLER, "Snapstart Priming");
    /** A slot for those samples: the clinic's first. */
    public static final TimeSlot FIRST_SLOT = new TimeSlot(1, new TimeRange(SlotGrid.OPENS, SlotGrid.OPENS.plus(SlotGrid.STEP)));

    private final String routeKey;
    private final Map<String, String> path = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private Role role;
    private String body;

    private Priming(String routeKey) {
        this.routeKey = routeKey;
    }

    /** A request on a route as the template writes it, e.g. {@code GET /api/timeslots/{id}}. */
    public static Priming request(String routeKey) {
        return new Priming(routeKey);
    }

    public Priming as(Role caller) {
        this.role = caller;
        return this;
    }

    public Priming path(String name, String value) {
        path.put(name, value);
        return this;
    }

    public Priming query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public Priming body(String json) {
        this.body = json;
        return this;
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public APIGatewayV2HTTPEvent event() {
        String rawPath = routeKey.substring(routeKey.indexOf(' ') + 1);
        for (var parameter : path.entrySet()) {
            rawPath = rawPath.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        RequestContext.Authorizer authorizer = role == null ? null : RequestContext.Authorizer.builder()
                .withJwt(RequestContext.Authorizer.JWT.builder().withClaims(Map.of("sub", CALLER, "username", CALLER,
                        "cognito:groups", "[" + role.group() + "]")).build()).build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath + "/")
                .withHeaders(body == null ? Map.of() : Map.of("content-type", "application/json"))
                .withPathParameters(path.isEmpty() ? null : Map.copyOf(path))
                .withQueryStringParameters(query.isEmpty() ? null : Map.copyOf(query))
                .withBody(body)
                .withRequestContext(RequestContext.builder().withRouteKey(routeKey).withRequestId(CALLER)
                        .withAuthorizer(authorizer).build())
                .build();
    }
}
