package clinic.infra.bench;

import clinic.App;
import clinic.domain.Role;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/** Payload v2 events as API Gateway hands them to a function after its JWT authorizer let them in. */
public final class Calls {
    private Calls() {}

    public static APIGatewayV2HTTPEvent event(String routeKey, String rawPath, Map<String, String> pathParameters,
                                              Map<String, String> query, String body, String callerId, Role role) {
        Map<String, String> claims = Map.of("sub", callerId, "username", "bench-" + callerId,
                "cognito:groups", "[" + role.group() + "]", "token_use", "access");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(routeKey).withRawPath(rawPath)
                .withHeaders(Map.of("content-type", "application/json"))
                .withPathParameters(pathParameters).withQueryStringParameters(query)
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(RequestContext.builder().withRouteKey(routeKey)
                        .withAuthorizer(RequestContext.Authorizer.builder()
                                .withJwt(RequestContext.Authorizer.JWT.builder().withClaims(claims).build()).build())
                        .build())
                .build();
    }

    public static APIGatewayV2HTTPEvent booking(String patientId, String doctorId, String date, int slot) {
        return event("POST /api/appointments", "/api/appointments/", null, null,
                "{\"doctor\":\"" + doctorId + "\",\"date\":\"" + date + "\",\"time_slot\":" + slot + "}", patientId, Role.PATIENT);
    }

    @SuppressWarnings("unchecked")
    static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler(Class<?> type, App app) {
        try {
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) type.getConstructor(App.class).newInstance(app);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
