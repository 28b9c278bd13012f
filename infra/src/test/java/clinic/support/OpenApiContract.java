package clinic.support;

import clinic.http.Json;
import clinic.infra.Repo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * openapi.yaml as a judge of answers: the status is declared for the operation, the body matches
 * the declared schema (JSON Schema 2020-12 in OpenAPI 3.1's dialect, formats asserted), and every
 * header that is not plain HTTP transport is declared for that response (required ones present).
 *
 * <p>Answers that no operation gives are judged by the document's {@code x-default-route}: what
 * the gateway answers by itself (a request no route matches gets its 404, a declared path with a
 * trailing slash may get a 308 to the path without it), so they are checked, not skipped.
 */
public final class OpenApiContract {
    /** Headers of HTTP itself, the JDK server and API Gateway: not part of any operation's contract. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("content-type", "content-length", "date",
            "transfer-encoding", "connection", "keep-alive", "server", "vary", "apigw-requestid");
    private static final String DOCUMENT = "https://clinic.local/openapi.json";

    private final JsonNode document;
    private final JsonSchemaFactory schemas;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private OpenApiContract(String yaml) {
        try {
            this.document = new YAMLMapper().readTree(yaml);
            String asJson = new ObjectMapper().writeValueAsString(document);
            this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                    .metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                    .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT, asJson))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's openapi.yaml, read once. */
    public static OpenApiContract repo() {
        return Repository.CONTRACT;
    }

    private static final class Repository {
        static final OpenApiContract CONTRACT = read(Repo.root().resolve("openapi.yaml"));
    }

    public static OpenApiContract read(Path file) {
        try {
            return new OpenApiContract(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails (AssertionError) with every violation when the answer is not one the document declares. */
    public void check(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        List<String> violations = violations(method, uri, status, headers, body);
        if (!violations.isEmpty()) {
            throw new AssertionError("openapi.yaml does not allow " + method + " " + uri.getRawPath() + " -> " + status
                    + " " + abbreviated(body) + ":\n  - " + String.join("\n  - ", violations));
        }
    }

    /** Every way the answer departs from the document; empty when it conforms. */
    public List<String> violations(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        // HEAD is answered as its GET, without the body (docs/decisions.md): the GET's operation judges it.
        boolean head = method.equalsIgnoreCase("HEAD");
        // A 308 is the $default route's trailing-slash redirect, whatever the path: no operation answers one.
        Optional<String> operation = status == 308 ? Optional.empty() : operation(head ? "GET" : method, uri.getRawPath());
        String where = operation.orElse("/x-default-route");
        String name = operation.isPresent() ? document.at(where).path("operationId").asText(where)
                : "the $default route (no operation answers " + method + " " + uri.getRawPath() + " with " + status + ")";
        JsonNode responses = document.at(where).path("responses");
        String statusKey = Integer.toString(status);
        if (!responses.has(statusKey) && !responses.has("default")) {
            return List.of("status " + status + " is not declared for " + name);
        }
        String responsePointer = followRef(where + "/responses/" + (responses.has(statusKey) ? statusKey : "default"));
        JsonNode response = document.at(responsePointer);
        List<String> violations = new ArrayList<>();
        checkHeaders(name, status, responsePointer, headers, violations);
        if (head) {
            if (!body.isEmpty()) {
                violations.add(name + " answered HEAD with a body");
            }
        } else {
            checkBody(name, status, responsePointer, response, headers, body, violations);
        }
        return violations;
    }

    /** The pointer of the operation for this method and path (a trailing slash is optional on both sides). */
    private Optional<String> operation(String method, String rawPath) {
        String[] actual = segments(rawPath);
        String best = null;
        int bestScore = -1;
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String template = paths.next();
            String[] expected = segments(template);
            if (expected.length != actual.length || !document.path("paths").path(template).has(method.toLowerCase(Locale.ROOT))) {
                continue;
            }
            int score = 0;
            boolean matches = true;
            for (int i = 0; i < expected.length && matches; i++) {
                boolean parameter = expected[i].startsWith("{");
                matches = parameter ? !actual[i].isEmpty() : expected[i].equals(actual[i]);
                score = score * 2 + (parameter ? 0 : 1);  // static segments outrank parameters: /search before /{id}
            }
            if (matches && score > bestScore) {
                best = template;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best).map(t -> "/paths/" + escape(t) + "/" + method.toLowerCase(Locale.ROOT));
    }

    private void checkHeaders(String name, int status, String responsePointer, Map<String, List<String>> headers, List<String> violations) {
        JsonNode declared = document.at(responsePointer).path("headers");
        for (var header : headers.entrySet()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (TRANSPORT_HEADERS.contains(lower) || lower.startsWith(":")) {
                continue;
            }
            Optional<String> key = fieldIgnoringCase(declared, header.getKey());
            if (key.isEmpty()) {
                violations.add("header " + header.getKey() + " is not declared for " + status + " of " + name);
                continue;
            }
            String pointer = followRef(responsePointer + "/headers/" + escape(key.get()));
            JsonNode schema = document.at(pointer).path("schema");
            for (String value : header.getValue()) {
                if (schema.path("type").asText().equals("integer") && !value.strip().matches("-?\\d+")) {
                    violations.add("header " + header.getKey() + ": " + value + " is not an integer");
                }
            }
        }
        for (Iterator<String> names = declared.fieldNames(); names.hasNext(); ) {
            String header = names.next();
            JsonNode definition = document.at(followRef(responsePointer + "/headers/" + escape(header)));
            if (definition.path("required").asBoolean(false)
                    && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase(header))) {
                violations.add("required header " + header + " is missing from " + status + " of " + name);
            }
        }
    }

    private void checkBody(String name, int status, String responsePointer, JsonNode response, Map<String, List<String>> headers,
                           String body, List<String> violations) {
        JsonNode content = response.path("content");
        boolean empty = body == null || body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!empty) {
                violations.add(status + " of " + name + " declares no body, but one came: " + abbreviated(body));
            }
            return;
        }
        if (empty) {
            violations.add(status + " of " + name + " declares a body, but none came");
            return;
        }
        String mediaType = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .flatMap(e -> e.getValue().stream()).findFirst().map(t -> t.split(";")[0].strip().toLowerCase(Locale.ROOT))
                .orElse("");
        if (!content.has(mediaType)) {
            violations.add("Content-Type '" + mediaType + "' is not declared for " + status + " of " + name);
            return;
        }
        String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
        JsonSchema schema = compiled.computeIfAbsent(schemaPointer,
                pointer -> schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer), config));
        // A JSON body is validated as the value it is; any other (text/calendar) as one string.
        boolean json = mediaType.equals("application/json") || mediaType.endsWith("+json");
        for (ValidationMessage problem : schema.validate(json ? body : Json.write(body), InputFormat.JSON)) {
            violations.add("body of " + status + " of " + name + ": " + problem.getMessage());
        }
    }

    /** Follows a Reference Object ({@code $ref: "#/components/..."}) to the pointer of what it names. */
    private String followRef(String pointer) {
        JsonNode node = document.at(pointer);
        int hops = 0;
        while (node.has("$ref") && hops++ < 10) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("openapi.yaml: only local references are supported, not " + ref);
            }
            pointer = ref.substring(1);
            node = document.at(pointer);
        }
        if (node.isMissingNode()) {
            throw new IllegalStateException("openapi.yaml has nothing at " + pointer);
        }
        return pointer;
    }

    private static Optional<String> fieldIgnoringCase(JsonNode node, String name) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** RFC 6901: {@code ~} and {@code /} escaped in a pointer segment. */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

}
