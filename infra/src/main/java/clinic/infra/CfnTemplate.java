package clinic.infra;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml read as data, so the local stack is built from the same resources and routes as
 * the deployed one. CloudFormation's short-form functions ({@code !Ref}, {@code !Sub}, ...) are
 * kept as {@link Intrinsic} values: the local stack never needs to evaluate them.
 */
public final class CfnTemplate {
    private final Map<String, Object> resources;
    private final Map<String, Object> globals;
    private final Map<String, Object> parameters;

    /** A {@code !Tag value} the local tools leave unevaluated. */
    public record Intrinsic(String tag, Object value) {}

    /**
     * One HTTP route of the API and the function that serves it. An HttpApi event without Path and
     * Method is the API's {@code $default} route (SAM's rule): method {@code ANY}, path {@code $default}.
     */
    public record Route(String method, String path, boolean authorized, String function, String handlerClass) {
        public static final String DEFAULT = "$default";

        public boolean isDefault() {
            return DEFAULT.equals(path);
        }

        /** As API Gateway writes it: {@code GET /api/timeslots/{id}}, or {@code $default}. */
        public String key() {
            return isDefault() ? DEFAULT : method + " " + path;
        }
    }

    private CfnTemplate(Map<String, Object> resources, Map<String, Object> globals, Map<String, Object> parameters) {
        this.resources = resources;
        this.globals = globals;
        this.parameters = parameters;
    }

    public static CfnTemplate read(Path path) {
        try (Reader reader = Files.newBufferedReader(path)) {
            Map<String, Object> document = new Yaml(new IntrinsicConstructor()).load(reader);
            return new CfnTemplate(map(document.get("Resources")), map(document.get("Globals")), map(document.get("Parameters")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path, e);
        }
    }

    /** The properties of the one resource of a type, e.g. {@code AWS::DynamoDB::Table}. */
    public Map<String, Object> single(String type) {
        List<Map<String, Object>> all = ofType(type);
        if (all.size() != 1) {
            throw new IllegalStateException("Expected one " + type + " in template.yaml, found " + all.size());
        }
        return all.get(0);
    }

    /** One resource (Type, Properties, ...) by logical id; empty if there is none. */
    public Map<String, Object> resource(String logicalId) {
        return map(resources.get(logicalId));
    }

    public List<Map<String, Object>> ofType(String type) {
        List<Map<String, Object>> found = new ArrayList<>();
        resources.values().forEach(value -> {
            Map<String, Object> resource = map(value);
            if (type.equals(resource.get("Type"))) {
                found.add(map(resource.get("Properties")));
            }
        });
        return found;
    }

    /** Each serverless function's whole resource (Type, Metadata, Properties), by logical id. */
    public Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resources.forEach((name, value) -> {
            if ("AWS::Serverless::Function".equals(map(value).get("Type"))) {
                functions.put(name, map(value));
            }
        });
        return functions;
    }

    /** A parameter's declaration: Type, Default, Description... (empty if there is no such parameter). */
    public Map<String, Object> parameter(String name) {
        return map(parameters.get(name));
    }

    /** The properties every function inherits from {@code Globals: Function:}. */
    public Map<String, Object> functionGlobals() {
        return map(globals.get("Function"));
    }

    /** The handler class of each function, by logical id. */
    public Map<String, String> handlers() {
        Map<String, String> handlers = new LinkedHashMap<>();
        resources.forEach((name, value) -> {
            Map<String, Object> resource = map(value);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                String handler = (String) map(resource.get("Properties")).get("Handler");
                handlers.put(name, handler.replaceFirst("::.*$", ""));
            }
        });
        return handlers;
    }

    /** The properties of each function, by logical id. */
    public Map<String, Map<String, Object>> functionProperties() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resources.forEach((name, value) -> {
            Map<String, Object> resource = map(value);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                functions.put(name, map(resource.get("Properties")));
            }
        });
        return functions;
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        Map<String, String> handlers = handlers();
        resources.forEach((name, value) -> {
            Map<String, Object> resource = map(value);
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            map(map(resource.get("Properties")).get("Events")).values().forEach(event -> {
                Map<String, Object> e = map(event);
                if ("HttpApi".equals(e.get("Type"))) {
                    Map<String, Object> props = map(e.get("Properties"));
                    boolean open = "NONE".equals(map(props.get("Auth")).get("Authorizer"));
                    if (props.get("Path") == null && props.get("Method") == null) {
                        routes.add(new Route("ANY", Route.DEFAULT, !open, name, handlers.get(name)));
                    } else {
                        routes.add(new Route(((String) props.get("Method")).toUpperCase(java.util.Locale.ROOT),
                                (String) props.get("Path"), !open, name, handlers.get(name)));
                    }
                }
            });
        });
        return routes;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> null;
                    };
                    return new Intrinsic(node.getTag().getValue(), value);
                }
            });
        }
    }
}
