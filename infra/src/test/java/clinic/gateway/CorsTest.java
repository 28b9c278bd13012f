package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.CfnTemplate;
import clinic.infra.LocalApi;
import clinic.infra.LocalCors;
import clinic.infra.Repo;
import clinic.support.Users.User;
import clinic.support.EndToEndTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS on the local API as API Gateway's HTTP API does it with the template's CorsConfiguration:
 * the gateway answers a preflight itself, before any route and without the authorizer, and adds
 * the allowed origin and the exposed headers to every answer for an allowed origin. What is
 * allowed and exposed is read from template.yaml here, so the local API and the template cannot
 * drift. (The browser's side of it, a page of another origin calling the API: BrowserTest.)
 */
class CorsTest extends EndToEndTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String PAGE = "http://localhost:5173";

    private final Map<String, Object> configuration = LocalCors.configuration(CfnTemplate.read(Repo.template()));
    private User patient;

    @BeforeAll
    void signIn() {
        patient = users.patient("Cora Origin");
    }

    private static HttpResponse<String> send(String url, String method, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> listed(HttpResponse<?> response, String header) {
        return response.headers().firstValue(header).stream()
                .flatMap(v -> Arrays.stream(v.split(","))).map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
    }

    private List<String> template(String key) {
        return ((List<?>) configuration.getOrDefault(key, List.of())).stream().map(v -> String.valueOf(v).toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void theTemplateExposesLinkLocationAndRetryAfterAndAllowsTheHeadersAClientSends() {
        assertThat(template("ExposeHeaders")).containsExactlyInAnyOrder("link", "location", "retry-after");
        assertThat(template("AllowHeaders")).contains("authorization", "content-type", "idempotency-key");
        assertThat(template("AllowMethods")).contains("get", "post", "put", "delete");
        assertThat(configuration.get("AllowOrigins")).isEqualTo(new CfnTemplate.Intrinsic("!Ref", "CorsAllowedOrigins"));
    }

    @Test
    void aPreflightIsAnsweredByTheGatewayWithoutATokenWithTheTemplatesMethodsAndHeaders() throws Exception {
        // An authorized route, no token: the authorizer would say 401; the preflight never reaches it.
        var preflight = send(server.url() + "/api/appointments", "OPTIONS", Map.of("Origin", PAGE,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type,idempotency-key"));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
        assertThat(listed(preflight, "Access-Control-Allow-Methods")).containsExactlyElementsOf(template("AllowMethods"));
        assertThat(listed(preflight, "Access-Control-Allow-Headers")).containsExactlyElementsOf(template("AllowHeaders"));
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains(String.valueOf(configuration.get("MaxAge")));
        assertThat(preflight.body()).isEmpty();
    }

    @Test
    void aPreflightOfAnyPathIsAnsweredEvenOneNoRouteServesAndOneWithATrailingSlash() throws Exception {
        for (String path : List.of("/api/availabilities/", "/api/availabilities", "/no/such/route", "/api/timeslots/7")) {
            var preflight = send(server.url() + path, "OPTIONS", Map.of("Origin", "http://127.0.0.1:8080",
                    "Access-Control-Request-Method", "GET"));
            assertThat(preflight.statusCode()).as(path).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(path).contains("http://127.0.0.1:8080");
        }
    }

    @Test
    void anAnswerToAnAllowedOriginNamesItAndExposesTheTemplatesHeadersErrorsIncluded() throws Exception {
        var ok = send(server.url() + "/api/timeslots", "GET", Map.of("Origin", PAGE, "Authorization", "Bearer " + patient.token()));
        var unauthorized = send(server.url() + "/api/timeslots", "GET", Map.of("Origin", PAGE));

        for (var answer : List.of(ok, unauthorized)) {
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as(answer.toString()).contains(PAGE);
            assertThat(listed(answer, "Access-Control-Expose-Headers")).as(answer.toString())
                    .containsExactlyInAnyOrderElementsOf(template("ExposeHeaders"));
        }
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(unauthorized.statusCode()).as("the authorizer still guards the actual request").isEqualTo(401);
    }

    @Test
    void anotherOriginGetsNoCorsHeadersSoTheBrowserBlocksIt() throws Exception {
        for (String origin : List.of("https://evil.example", "http://localhost.evil.example", "http://localhost:1@evil.example", "null")) {
            var preflight = send(server.url() + "/api/appointments", "OPTIONS", Map.of("Origin", origin,
                    "Access-Control-Request-Method", "POST"));
            var actual = send(server.url() + "/api/timeslots", "GET", Map.of("Origin", origin, "Authorization", "Bearer " + patient.token()));
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
            assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
            assertThat(actual.statusCode()).as("CORS is the browser's to enforce; the API still answers").isEqualTo(200);
        }
    }

    @Test
    void anOptionsRequestThatIsNoPreflightIsRoutedAsAnyOther() throws Exception {
        var noRequestMethod = send(server.url() + "/api/timeslots", "OPTIONS", Map.of("Origin", PAGE));
        assertThat(noRequestMethod.statusCode()).isNotEqualTo(204);
        assertThat(noRequestMethod.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    }

    @Test
    void withNoOriginsConfiguredAsTheTemplatesDefaultThereIsNoCorsAtAll() throws Exception {
        try (LocalApi none = LocalApi.start(stack.app(), "127.0.0.1", 0, line -> { }, List.of())) {
            var preflight = send(none.url() + "/api/availabilities", "OPTIONS", Map.of("Origin", PAGE, "Access-Control-Request-Method", "GET"));
            var actual = send(none.url() + "/api/timeslots", "GET", Map.of("Origin", PAGE, "Authorization", "Bearer " + patient.token()));
            assertThat(preflight.statusCode()).isNotEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void anExactOriginAndTheAnyHttpsWildcardAllowWhatTheyNameOnly() throws Exception {
        try (LocalApi exact = LocalApi.start(stack.app(), "127.0.0.1", 0, line -> { }, LocalCors.parse("https://app.example.com, https://*"))) {
            for (var origin : Map.of("https://app.example.com", true, "https://other.example", true, "http://app.example.com", false).entrySet()) {
                var preflight = send(exact.url() + "/api/availabilities", "OPTIONS", Map.of("Origin", origin.getKey(),
                        "Access-Control-Request-Method", "GET"));
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent()).as(origin.getKey()).isEqualTo(origin.getValue());
            }
        }
    }
}
