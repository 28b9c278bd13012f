package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The routes of template.yaml, openapi.yaml and the README's endpoint table are the same routes. */
class ContractDocsTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private static Set<String> templateRoutes() {
        Set<String> routes = new TreeSet<>();
        // The $default route (trailing-slash redirects and the JSON 404) is the gateway's, not the contract's.
        CfnTemplate.read(Repo.template()).routes().stream().filter(r -> !r.isDefault())
                .forEach(r -> routes.add(r.method() + " " + r.path()));
        return routes;
    }

    private static String normalized(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiDescribesExactlyTheTemplatesRoutes() throws Exception {
        Map<String, Object> document = new Yaml().load(Files.readString(Repo.root().resolve("openapi.yaml")));
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) -> operations.keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + normalized(path))));
        assertThat(described).isEqualTo(templateRoutes());
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
    void onlySignInAndPatientSignUpAreOpenToAnyone() {
        Set<String> open = new TreeSet<>();
        CfnTemplate.read(Repo.template()).routes().stream().filter(r -> !r.authorized() && !r.isDefault())
                .forEach(r -> open.add(r.method() + " " + r.path()));
        assertThat(open).containsExactlyInAnyOrder("POST /api/api/token_obtain", "POST /api/api/token_refresh",
                "POST /api/api/token_verify", "POST /api/register_patient");
    }
}
