package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The routes of template.yaml, openapi.yaml, docs/api.md and the README's endpoint table are the
 * same routes, and docs/api.md and openapi.yaml list the same 409 codes.
 */
class ContractDocsTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private static Set<String> templateRoutes() {
        Set<String> routes = new TreeSet<>();
        // The $default route (trailing-slash redirects and the JSON 404) is the gateway's, not the contract's.
        // HEAD twins of GET routes answer as the GET (see everyGetRouteHasAHeadTwinOnTheSameFunction).
        CfnTemplate.read(Repo.template()).routes().stream().filter(r -> !r.isDefault() && !r.method().equals("HEAD"))
                .forEach(r -> routes.add(r.method() + " " + r.path()));
        return routes;
    }

    /**
     * HEAD is answered as the GET without its body. Whether the HTTP API routes a HEAD to a GET
     * route by itself is not documented, so every GET route has a HEAD route to the same function
     * (and HEAD routes nothing else): deployed and local answer alike either way.
     */
    @Test
    void everyGetRouteHasAHeadTwinOnTheSameFunction() {
        var routes = CfnTemplate.read(Repo.template()).routes();
        Set<String> gets = new TreeSet<>();
        Set<String> heads = new TreeSet<>();
        routes.forEach(r -> {
            String twin = r.path() + " -> " + r.function() + (r.authorized() ? "" : " (open)");
            if (r.method().equals("GET")) {
                gets.add(twin);
            } else if (r.method().equals("HEAD")) {
                heads.add(twin);
            }
        });
        assertThat(gets).isNotEmpty();
        assertThat(heads).isEqualTo(gets);
    }

    private static String normalized(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Map<String, Object> openApi() throws IOException {
        return new Yaml().load(Files.readString(Repo.root().resolve("openapi.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> openApiRoutes() throws IOException {
        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) openApi().get("paths")).forEach((path, operations) -> operations.keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + normalized(path))));
        return described;
    }

    @Test
    void openApiDescribesExactlyTheTemplatesRoutes() throws Exception {
        assertThat(openApi().get("openapi")).isEqualTo("3.1.0");
        assertThat(openApiRoutes()).isEqualTo(templateRoutes());
    }

    @Test
    void theContractInWordsListsExactlyOpenApisRoutes() throws Exception {
        Matcher rows = Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH) (/[^`]*)`", Pattern.MULTILINE)
                .matcher(Files.readString(Repo.root().resolve("docs/api.md")));
        Set<String> listed = new TreeSet<>();
        while (rows.find()) {
            listed.add(rows.group(1) + " " + normalized(rows.group(2).replaceFirst("\\?.*", "")));
        }
        assertThat(listed).isEqualTo(openApiRoutes());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theContractInWordsAndOpenApiListTheSame409Codes() throws Exception {
        Matcher conflicts = Pattern.compile("409 conflicts \\((.*?)\\);", Pattern.DOTALL)
                .matcher(Files.readString(Repo.root().resolve("docs/api.md")));
        assertThat(conflicts.find()).as("docs/api.md lists the 409 codes as '409 conflicts (`A`, `B`);'").isTrue();
        Set<String> inWords = new TreeSet<>();
        Matcher codes = Pattern.compile("`([A-Z_]+)`").matcher(conflicts.group(1));
        while (codes.find()) {
            inWords.add(codes.group(1));
        }
        Map<String, Object> conflict = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) openApi()
                .get("components")).get("responses")).get("Conflict");
        Set<String> inOpenApi = new TreeSet<>(List.of(((String) conflict.get("description")).split(",\\s*")));
        assertThat(inWords).isNotEmpty().isEqualTo(inOpenApi);
    }

    @Test
    void theReadmeTableListsExactlyTheTemplatesRoutes() throws Exception {
        Matcher rows = Pattern.compile("^\\| (GET|POST|PUT|DELETE) \\| `([^`]+)` \\|", Pattern.MULTILINE)
                .matcher(Files.readString(Repo.root().resolve("README.md")));
        Set<String> listed = new TreeSet<>();
        while (rows.find()) {
            listed.add(rows.group(1) + " " + normalized(rows.group(2)));
        }
        assertThat(listed).isEqualTo(templateRoutes());
    }

    @Test
    void onlySignInPatientSignUpAndSecretCalendarFeedsAreOpenToAnyone() {
        Set<String> open = new TreeSet<>();
        CfnTemplate.read(Repo.template()).routes().stream().filter(r -> !r.authorized() && !r.isDefault())
                .forEach(r -> open.add(r.method() + " " + r.path()));
        assertThat(open).containsExactlyInAnyOrder("POST /api/api/token_obtain", "POST /api/api/token_refresh",
                "POST /api/api/token_verify", "POST /api/register_patient", "GET /api/calendar/{file}", "HEAD /api/calendar/{file}");
    }
}
