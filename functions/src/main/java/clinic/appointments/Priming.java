package clinic.appointments;

import clinic.domain.ClinicClock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import java.util.Map;

/** The requests the booking path is primed with before a SnapStart snapshot; none of them writes. */
final class Priming {
    static final String CALLER = "snapstart-priming";
    /** Shaped as a user id, so the booking gets past validation to its read; no doctor has it. */
    static final String DOCTOR = "00000000-0000-4000-8000-00000000beef";

    private Priming() {}

    static APIGatewayV2HTTPEvent booking(ClinicClock clock) {
        Map<String, String> claims = Map.of("sub", CALLER, "username", CALLER, "cognito:groups", "[patients]");
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /api/appointments")
                .withRawPath("/api/appointments/")
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"doctor\":\"" + DOCTOR + "\",\"date\":\"" + clock.today().plusDays(1) + "\",\"time_slot\":1}")
                .withRequestContext(RequestContext.builder().withAuthorizer(RequestContext.Authorizer.builder()
                        .withJwt(RequestContext.Authorizer.JWT.builder().withClaims(claims).build()).build()).build())
                .build();
    }
}
