package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import clinic.domain.Conflicts;
import clinic.domain.Problem;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApiHandlerTest {

    private static APIGatewayV2HTTPResponse run(Function<Request, Response> operation, APIGatewayV2HTTPEvent event) {
        return new ApiHandler() {
            @Override
            protected Response handle(Request request) {
                return operation.apply(request);
            }
        }.handleRequest(event, null);
    }

    private static APIGatewayV2HTTPEvent body(String body) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey("POST /x").withBody(body).build();
    }

    @Test
    void eachProblemMapsToItsStatusAndTheContractsErrorBody() {
        var conflict = run(r -> { throw Conflicts.slotUnavailable(); }, body(null));
        assertThat(conflict.getStatusCode()).isEqualTo(409);
        assertThat(Json.parse(conflict.getBody())).isEqualTo(Map.of("error", "The doctor has no open availability in that slot",
                "code", "SLOT_UNAVAILABLE"));

        var invalid = run(r -> { throw new Problem.Invalid("date", "must be a date"); }, body(null));
        assertThat(invalid.getStatusCode()).isEqualTo(400);
        assertThat(Json.parse(invalid.getBody())).isEqualTo(Map.of("error", "Invalid input: date", "code", "VALIDATION_ERROR",
                "fields", Map.of("date", "must be a date")));

        var busy = run(r -> { throw new Problem.Busy(); }, body(null));
        assertThat(busy.getStatusCode()).isEqualTo(503);
        assertThat(busy.getHeaders()).containsEntry("Retry-After", "1");

        var unauthenticated = run(r -> Response.ok(r.caller().id()), body(null));
        assertThat(unauthenticated.getStatusCode()).isEqualTo(401);
        assertThat(unauthenticated.getHeaders()).containsEntry("WWW-Authenticate", "Bearer");
    }

    @Test
    void aFaultOfOursIsA500WithNoDetailAtAll() {
        var fault = run(r -> { throw new IllegalStateException("secret table name clinic-prod at line 42"); }, body(null));
        assertThat(fault.getStatusCode()).isEqualTo(500);
        assertThat(fault.getBody()).isEqualTo("{\"error\":\"Internal error\",\"code\":\"INTERNAL_ERROR\"}");
    }

    @Test
    void bodiesAreParsedPlainOrBase64AndLimitedTo64KiB() {
        Function<Request, Response> echo = r -> Response.ok(r.json());
        assertThat(run(echo, body("{\"a\":1}")).getBody()).isEqualTo("{\"a\":1}");

        var encoded = APIGatewayV2HTTPEvent.builder().withBody(Base64.getEncoder().encodeToString("[true]".getBytes()))
                .withIsBase64Encoded(true).build();
        assertThat(run(echo, encoded).getBody()).isEqualTo("[true]");

        assertThat(run(echo, body("\"" + "é".repeat(40_000) + "\"")).getStatusCode()).isEqualTo(413);
        assertThat(run(echo, body("{\"a\":1,\"a\":2}")).getStatusCode()).isEqualTo(400);
        var trailing = run(echo, body("{\"date\":\"2030-01-01\",\"time_slot\":1} {\"doctor\":\"x\"} ]]]"));
        assertThat(trailing.getStatusCode()).isEqualTo(400);
        assertThat(Json.parse(trailing.getBody())).isEqualTo(Map.of("error", "Request body is not valid JSON", "code", "MALFORMED_JSON"));
        assertThat(run(echo, body("   ")).getStatusCode()).isEqualTo(400);
    }

    @Test
    void noContentHasNoBodyAndNoContentType() {
        var response = run(r -> Response.noContent(), body(null));
        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(response.getBody()).isNull();
        assertThat(response.getHeaders()).doesNotContainKey("Content-Type");
    }

    /** A view that cannot be written fails nothing: the hook logs it and the snapshot is taken. */
    @Test
    void primingWritesTheSuccessViewsAndAViewThatCannotBeWrittenNeverThrowsFromTheHook() {
        record Fine(String name) {}
        record Broken(String name) {
            public String getExplodes() {
                throw new IllegalStateException("no");
            }
        }
        ApiHandler handler = new ApiHandler() {
            @Override
            protected Response handle(Request request) {
                return Response.noContent();
            }

            @Override
            protected List<Object> primingViews() {
                return List.of(new Fine("a"), new Broken("b"));
            }
        };
        assertThatCode(() -> handler.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(handler.primedViews()).contains(Fine.class);
    }
}
