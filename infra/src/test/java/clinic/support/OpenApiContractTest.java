package clinic.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge of answers rejects what openapi.yaml does not declare, and the test client uses it. */
class OpenApiContractTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.repo();
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final String SLOT = "{\"id\":1,\"start_time\":\"09:00:00\",\"end_time\":\"09:30:00\"}";
    private static final String ERROR = "{\"error\":\"Time slot not found\",\"code\":\"NOT_FOUND\"}";

    private static List<String> judge(String method, String path, int status, Map<String, List<String>> headers, String body) {
        return CONTRACT.violations(method, URI.create("http://127.0.0.1:3000" + path), status, headers, body);
    }

    @Test
    void aDeclaredAnswerPassesWithOrWithoutTheTrailingSlash() {
        assertThat(judge("GET", "/api/timeslots/", 200, JSON, "[" + SLOT + "]")).isEmpty();
        assertThat(judge("GET", "/api/timeslots/3", 200, JSON, SLOT)).isEmpty();
        assertThat(judge("GET", "/api/timeslots/3/", 404, JSON, ERROR)).isEmpty();
        assertThat(judge("DELETE", "/api/timeslots/3/", 204, Map.of(), "")).isEmpty();
    }

    @Test
    void aStatusTheOperationDoesNotDeclareIsRejected() {
        assertThat(judge("GET", "/api/timeslots/", 409, JSON, ERROR)).singleElement().asString()
                .contains("status 409 is not declared for listTimeSlots");
        assertThat(judge("DELETE", "/api/appointments/x", 403, JSON, ERROR)).singleElement().asString()
                .contains("status 403 is not declared for cancelAppointment");
    }

    @Test
    void aBodyThatBreaksTheSchemaIsRejected() {
        assertThat(judge("GET", "/api/timeslots/3", 200, JSON, "{\"id\":\"three\",\"start_time\":\"09:00:00\"}"))
                .anySatisfy(v -> assertThat(v).contains("end_time"))
                .anySatisfy(v -> assertThat(v).contains("id").contains("integer"));
        assertThat(judge("POST", "/api/api/token_obtain/", 200, JSON,
                "{\"access\":\"a\",\"id\":\"i\",\"expires_in\":3600,\"token_type\":\"MAC\"}")).isNotEmpty();
        assertThat(judge("GET", "/api/availabilities/", 200, JSON, "[{\"id\":\"a\",\"date\":\"15/01/2030\"}]"))
                .anySatisfy(v -> assertThat(v).contains("date"));
        assertThat(judge("DELETE", "/api/timeslots/3", 204, JSON, "{}")).singleElement().asString()
                .contains("declares no body");
        assertThat(judge("GET", "/api/timeslots/3", 200, Map.of("Content-Type", List.of("text/html")), SLOT))
                .singleElement().asString().contains("text/html");
    }

    @Test
    void aHeaderTheResponseDoesNotDeclareIsRejectedAndARequiredOneMustCome() {
        var withLink = Map.of("Content-Type", List.of("application/json"), "Link", List.of("</api/timeslots/?cursor=x>; rel=\"next\""));
        assertThat(judge("GET", "/api/availabilities/", 200, withLink, "[]")).isEmpty();
        assertThat(judge("GET", "/api/timeslots/3", 200, withLink, SLOT)).singleElement().asString()
                .contains("header Link is not declared for 200 of getTimeSlot");
        String busy = "{\"error\":\"Busy\",\"code\":\"SERVICE_BUSY\"}";
        assertThat(judge("POST", "/api/appointments/", 503, JSON, busy)).singleElement().asString()
                .contains("required header Retry-After");
        assertThat(judge("POST", "/api/appointments/", 503,
                Map.of("Content-Type", List.of("application/json"), "Retry-After", List.of("soon")), busy))
                .singleElement().asString().contains("not an integer");
    }

    @Test
    void theGatewaysOwnAnswersAreJudgedByTheDefaultRoute() {
        assertThat(judge("GET", "/api/timeslots/", 401, JSON, "{\"message\":\"Unauthorized\"}")).isEmpty();
        assertThat(judge("GET", "/api/nothing-here", 404, JSON, "{\"message\":\"Not Found\"}")).isEmpty();
        assertThat(judge("PATCH", "/api/timeslots/", 404, JSON, "{\"message\":\"Not Found\"}")).isEmpty();
        assertThat(judge("GET", "/api/nothing-here", 200, JSON, "{}")).singleElement().asString()
                .contains("status 200 is not declared for the $default route");
        assertThat(judge("POST", "/api/appointments/", 308, Map.of("Location", List.of("/api/appointments")), "")).isEmpty();
        assertThat(judge("POST", "/api/appointments/", 308, Map.of(), "")).singleElement().asString()
                .contains("required header Location");
    }

    @Test
    void theTestClientFailsTheTestOnAnAnswerTheContractDoesNotDeclare() throws IOException {
        HttpServer wrong = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        wrong.createContext("/", exchange -> {
            byte[] body = "[{\"id\":\"one\"}]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        wrong.start();
        try {
            Api api = new Api("http://127.0.0.1:" + wrong.getAddress().getPort());
            assertThatThrownBy(() -> api.get("/api/timeslots/", "token")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("openapi.yaml does not allow GET /api/timeslots/ -> 200")
                    .hasMessageContaining("start_time");
        } finally {
            wrong.stop(0);
        }
    }
}
