package clinic.browser;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import clinic.infra.Repo;
import clinic.support.Api;
import clinic.support.BrowserScripts;
import clinic.support.EndToEndTest;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The API reference ./dev up serves at /docs: openapi.yaml built into one HTML page by the Redocly
 * CLI pinned in tools/redocly (Redoc, its scripts inlined: no CDN), opened in Chromium
 * (tools/browser/reference-page.mjs). Every operation of openapi.yaml is on the page, by its
 * summary and its operationId.
 */
class ApiReferencePageTest extends EndToEndTest {
    private static final Path PAGE = Repo.root().resolve("target/api-docs/index.html");

    @Override
    protected boolean populateTimeSlots() {
        return false;
    }

    @Test
    void everyOperationOfTheContractIsOnTheReferencePageAtDocs() throws Exception {
        BrowserScripts.requireBrowser();
        buildThePage();
        server.serveFiles("/docs", PAGE);
        List<Map<String, String>> operations = operations();
        assertThat(operations).hasSizeGreaterThan(30);

        var run = BrowserScripts.node("reference-page.mjs", Map.of("DOCS_URL", server.url() + "/docs",
                "OPERATIONS", Json.write(operations), "SCREENSHOT", Repo.root().resolve("target/api-docs/reference.png").toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ok every operation of openapi.yaml (" + operations.size() + ") is on the page");
        // The API is still the API beside it: /docs takes no route of the template's.
        assertThat(new Api(server.url()).get("/api/timeslots", null).status()).isEqualTo(401);
    }

    /** As .ci/run and ./dev up build it: npm run build-docs in tools/redocly. */
    private static void buildThePage() throws Exception {
        Path tools = Repo.root().resolve("tools/redocly");
        if (!Files.isDirectory(tools.resolve("node_modules/@redocly/cli"))) {
            var install = BrowserScripts.run(List.of("npm", "ci", "--no-audit", "--no-fund"), tools, Map.of(), 300);
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        Files.deleteIfExists(PAGE);
        var build = BrowserScripts.run(List.of("npm", "run", "--silent", "build-docs"), tools, Map.of(), 180);
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(PAGE).isRegularFile();
    }

    /** Each operation of openapi.yaml: its operationId and its summary. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> operations() throws Exception {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(Repo.root().resolve("openapi.yaml"))) {
            document = new Yaml().load(reader);
        }
        List<Map<String, String>> operations = new ArrayList<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.forEach((method, value) -> {
            if (value instanceof Map<?, ?> operation && operation.get("operationId") != null) {
                Map<String, String> named = new LinkedHashMap<>();
                named.put("operationId", (String) operation.get("operationId"));
                named.put("summary", String.valueOf(operation.get("summary")));
                operations.add(named);
            }
        }));
        return operations;
    }
}
