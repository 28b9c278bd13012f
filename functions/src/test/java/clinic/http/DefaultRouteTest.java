package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The $default route's answers, from the payload v2 event API Gateway would send it. */
class DefaultRouteTest {
    private final DefaultRoute function = new DefaultRoute(Routes.of(List.of("POST /api/appointments", "GET /api/timeslots/{id}")));

    private APIGatewayV2HTTPResponse call(String method, String path, String query) {
        return function.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("$default").withRawPath(path).withRawQueryString(query)
                .withRequestContext(RequestContext.builder().withHttp(RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .build(), null);
    }

    @Test
    void aDeclaredRouteWithATrailingSlashIsRedirectedWithItsQuery() {
        var reply = call("POST", "/api/appointments/", "");
        assertThat(reply.getStatusCode()).isEqualTo(308);
        assertThat(reply.getHeaders()).containsEntry("Location", "/api/appointments");
        var withQuery = call("GET", "/api/timeslots/7/", "a=1&b=%20x");
        assertThat(withQuery.getStatusCode()).isEqualTo(308);
        assertThat(withQuery.getHeaders()).containsEntry("Location", "/api/timeslots/7?a=1&b=%20x");
    }

    @Test
    void anythingElseIsTheContractsJson404() {
        for (String[] request : new String[][] {{"GET", "/api/appointments/"}, {"POST", "/api/nothing/"}, {"POST", "/api/nothing"},
                {"POST", "//evil.example/"}, {"GET", "/api/timeslots//"}, {"GET", "/api/timeslots/%zz/"}, {"GET", "/"}}) {
            var reply = call(request[0], request[1], "");
            assertThat(reply.getStatusCode()).as(String.join(" ", request)).isEqualTo(404);
            assertThat(Json.parse(reply.getBody())).isEqualTo(Map.of("error", "Route not found", "code", "NOT_FOUND"));
        }
    }

    @Test
    void anEmptyEventAsPrimingSendsIsA404NotAFault() {
        assertThat(function.handleRequest(new APIGatewayV2HTTPEvent(), null).getStatusCode()).isEqualTo(404);
    }
}
