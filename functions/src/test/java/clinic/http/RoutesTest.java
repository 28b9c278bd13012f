package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route selection as API Gateway's HTTP API guide describes it, on the guide's own example routes. */
class RoutesTest {
    private final Routes guide = Routes.of(List.of("GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}"));

    private String chosen(Routes routes, String method, String path) {
        return routes.match(method, path).map(Routes.Match::routeKey).orElse("$default");
    }

    @Test
    void theGuidesExampleRequestsGoWhereTheGuideSays() {
        assertThat(chosen(guide, "GET", "/pets/dog/1")).isEqualTo("GET /pets/dog/1");
        assertThat(chosen(guide, "GET", "/pets/dog/2")).isEqualTo("GET /pets/dog/{id}");
        assertThat(chosen(guide, "GET", "/pets/cat/1")).isEqualTo("GET /pets/{proxy+}");
        assertThat(chosen(guide, "POST", "/test/5")).isEqualTo("ANY /{proxy+}");
    }

    @Test
    void aFullMatchOutranksAGreedyOneAndAMethodOutranksAny() {
        Routes routes = Routes.of(List.of("ANY /a/{x}", "GET /a/{x}", "GET /{proxy+}"));
        assertThat(chosen(routes, "GET", "/a/1")).isEqualTo("GET /a/{x}");
        assertThat(chosen(routes, "DELETE", "/a/1")).isEqualTo("ANY /a/{x}");
        assertThat(chosen(routes, "GET", "/a/1/2")).isEqualTo("GET /{proxy+}");
        assertThat(routes.match("GET", "/a/1/2").orElseThrow().pathParameters()).isEqualTo(Map.of("proxy", "a/1/2"));
    }

    @Test
    void aTrailingSlashOrAnEmptySegmentIsAnotherPathAndGoesToDefault() {
        Routes clinic = Routes.of(List.of("GET /api/timeslots", "GET /api/timeslots/{id}", "GET /api/appointments/search"));
        assertThat(chosen(clinic, "GET", "/api/timeslots")).isEqualTo("GET /api/timeslots");
        assertThat(chosen(clinic, "GET", "/api/timeslots/")).isEqualTo("$default");
        assertThat(chosen(clinic, "GET", "/api/timeslots/7/")).isEqualTo("$default");
        assertThat(chosen(clinic, "GET", "/api//timeslots")).isEqualTo("$default");
        assertThat(chosen(clinic, "POST", "/api/timeslots")).isEqualTo("$default");
    }

    @Test
    void staticSegmentsOutrankVariablesAndVariablesArriveDecoded() {
        Routes routes = Routes.of(List.of("GET /api/appointments/{id}", "GET /api/appointments/search"));
        assertThat(chosen(routes, "GET", "/api/appointments/search")).isEqualTo("GET /api/appointments/search");
        assertThat(routes.match("GET", "/api/appointments/a%20b+c%C3%A9").orElseThrow().pathParameters())
                .isEqualTo(Map.of("id", "a b+cé"));
    }

    @Test
    void aBrokenPercentEncodingIsNotAPath() {
        Routes routes = Routes.of(List.of("GET /api/timeslots/{id}"));
        for (String bad : List.of("/api/timeslots/%", "/api/timeslots/%4", "/api/timeslots/%zz", "api/timeslots/1")) {
            assertThatThrownBy(() -> routes.match("GET", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theDeclaredRoutesAreBuiltIntoTheJar() {
        assertThat(Routes.declared().keys()).contains("POST /api/appointments", "GET /api/timeslots/{id}")
                .noneMatch(key -> key.contains("$default"));
    }
}
