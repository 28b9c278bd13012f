import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Build step (run by functions/pom.xml before the classes are packaged, with the JDK's source
 * launcher): writes the route keys of template.yaml, one per line, to the resource that
 * clinic.http.Routes.declared() reads, so the $default function knows the routes without a copy
 * that could drift. The $default route itself (an HttpApi event without Path and Method) is left out.
 *
 * Usage: java -cp snakeyaml.jar RouteKeys.java template.yaml out/routes.txt
 */
public final class RouteKeys {
    public static void main(String[] args) throws IOException {
        Map<String, Object> template;
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            template = new Yaml(new IgnoringTags()).load(reader);
        }
        TreeSet<String> keys = new TreeSet<>();
        map(template.get("Resources")).values().forEach(resource -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                map(map(map(resource).get("Properties")).get("Events")).values().forEach(event -> {
                    Map<String, Object> properties = map(map(event).get("Properties"));
                    if ("HttpApi".equals(map(event).get("Type")) && properties.get("Path") != null) {
                        keys.add(String.valueOf(properties.get("Method")).toUpperCase(Locale.ROOT) + " " + properties.get("Path"));
                    }
                });
            }
        });
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", keys) + "\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** CloudFormation's short forms ({@code !Ref}, {@code !Sub}) are read as nothing: routes never use them. */
    private static final class IgnoringTags extends SafeConstructor {
        IgnoringTags() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return null;
                }
            });
        }
    }
}
