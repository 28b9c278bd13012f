package clinic.infra;

import clinic.App;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The template's functions, run in-process the way Lambda would invoke them with a JSON event:
 * each handler class (its {@code Handler}) built once with its {@code (App)} constructor, a
 * {@code RequestStreamHandler} given the JSON as is, a {@code RequestHandler} given it read into its
 * input type. Each function has a local ARN, so a timer or a rule can name it as AWS would.
 */
public final class LocalFunctions {
    private static final String ARN_PREFIX = "arn:aws:lambda:" + Emulator.REGION + ":123456789012:function:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stack;
    private final Map<String, String> handlers;
    private final App app;
    private final Map<String, Object> built = new ConcurrentHashMap<>();

    LocalFunctions(String stack, CfnTemplate template, App app) {
        this.stack = stack;
        this.handlers = template.handlers();
        this.app = app;
    }

    /** The local ARN of the template's function {@code logicalId}. */
    public static String arn(String stack, String logicalId) {
        return ARN_PREFIX + stack + "-" + logicalId;
    }

    /** This stack's ARN of the template's function {@code logicalId}. */
    public String arnOf(String logicalId) {
        if (!handlers.containsKey(logicalId)) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        return arn(stack, logicalId);
    }

    /** The template function a local ARN names. */
    public String logicalIdOf(String arn) {
        String prefix = ARN_PREFIX + stack + "-";
        if (!arn.startsWith(prefix) || !handlers.containsKey(arn.substring(prefix.length()))) {
            throw new IllegalArgumentException("No function of this stack has the ARN " + arn);
        }
        return arn.substring(prefix.length());
    }

    /** Invokes function {@code logicalId} with the event {@code json}; returns what it returned, as JSON. */
    public String invoke(String logicalId, String json) {
        Object handler = built.computeIfAbsent(logicalId, this::build);
        try {
            if (handler instanceof RequestStreamHandler streams) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                streams.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
                return out.toString(StandardCharsets.UTF_8);
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> typed = (RequestHandler<Object, Object>) handler;
            Object input = JSON.readValue(json, JSON.constructType(inputType(handler.getClass())));
            return JSON.writeValueAsString(typed.handleRequest(input, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object build(String logicalId) {
        String handler = handlers.get(logicalId);
        if (handler == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        try {
            return Class.forName(handler).getConstructor(App.class).newInstance(app);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(handler + " needs a public constructor taking the App", e);
        }
    }

    /** The {@code I} of the handler's {@code RequestHandler<I, O>}. */
    private static Type inputType(Class<?> handler) {
        for (Class<?> c = handler; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments()[0];
                }
            }
        }
        throw new IllegalStateException(handler.getName() + " is neither a RequestHandler nor a RequestStreamHandler");
    }
}
