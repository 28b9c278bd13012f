package clinic.http;

import clinic.domain.Problem;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The one JSON of the service: one jackson-databind {@link ObjectMapper}, configured here once.
 * Bodies are read as a tree ({@link #read}) that {@link Fields} turns into typed records, naming
 * every bad field in one 400; answers are records (snake_case on the wire), maps and lists,
 * written by {@link #write}.
 *
 * <p>What a body may not do, refused as 400 {@code MALFORMED_JSON}: carry anything after its first
 * value, repeat a key in one object, or nest deeper than {@link #MAX_DEPTH}. Unknown fields are
 * ignored, as the contract says.
 */
public final class Json {
    /** Deeper than any body of the API (two levels) needs, shallow enough that no parser recursion can hurt. */
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .characterEscapes(new LineSeparatorEscapes())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Json() {}

    /** A request body as a JSON tree; 400 {@code MALFORMED_JSON} for anything that is not exactly one JSON value. */
    public static JsonNode read(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) { // empty input
                throw new Problem.Malformed("Request body is not valid JSON");
            }
            return node;
        } catch (JacksonException e) {
            throw new Problem.Malformed("Request body is not valid JSON");
        }
    }

    /**
     * Any JSON text as plain Java (Map, List, String, Integer, Long, BigInteger, Double, Boolean or
     * null), under the same rules as {@link #read}; for tools and tests that read answers.
     */
    public static Object parse(String text) {
        JsonNode node = read(text);
        return MAPPER.convertValue(node, Object.class);
    }

    /**
     * A record (or map or list of them) as the plain maps, lists and scalars it is written as: for
     * answers that another serializer writes, such as the Lambda runtime's for a function with no
     * route, so the wire names are ours and not that serializer's.
     */
    public static Object plain(Object value) {
        return MAPPER.convertValue(value, Object.class);
    }

    /** A record, map, list or scalar as JSON text. */
    public static String write(Object value) {
        try {
            if (!(value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Record)) {
                return writtenByMapper(value);
            }
            StringWriter text = new StringWriter(256);
            try (JsonGenerator out = MAPPER.getFactory().createGenerator(text)) {
                writePlain(out, value);
            }
            return text.toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not writable as JSON: " + value.getClass().getName(), e);
        }
    }

    /** What the mapper alone writes for a value: the text {@link #write} must equal, for the tests that hold it to that. */
    public static String writtenByMapper(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not writable as JSON: " + value.getClass().getName(), e);
        }
    }

    /**
     * Maps, lists, scalars and plain records straight to the generator, anything else through the
     * mapper: what the mapper writes too (JsonTest holds every view to the mapper's exact text), but
     * without its map and collection serializers, which resolve a serializer per value type on first
     * use (about 40 ms of a cold start, for the log line and an event's detail that every booking
     * writes), nor its bean serializers, which introspect each record type's class, annotations and
     * generic types on first use (docs/performance.md).
     */
    private static void writePlain(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            out.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Map<?, ?> map && keyedByText(map)) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName((String) entry.getKey());
                writePlain(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                writePlain(out, item);
            }
            out.writeEndArray();
        } else if (value instanceof Record record && PlainRecord.OF.get(record.getClass()) instanceof PlainRecord plain) {
            out.writeStartObject();
            for (int i = 0; i < plain.names().length; i++) {
                out.writeFieldName(plain.names()[i]);
                writePlain(out, plain.read(record, i));
            }
            out.writeEndObject();
        } else {
            MAPPER.writeValue(out, value);
        }
    }

    /**
     * How the mapper writes a plain record (no annotation anywhere on it, no interface, no getter of
     * its own; {@link #plainForm} says why each): each component in declaration order, named in
     * snake_case. Any other record (annotated, say {@code @JsonUnwrapped}) goes through the mapper.
     */
    record PlainRecord(String[] names, java.lang.reflect.Method[] accessors) {
        static final ClassValue<PlainRecord> OF = new ClassValue<>() {
            @Override
            protected PlainRecord computeValue(Class<?> type) {
                return plainForm(type);
            }
        };

        Object read(Record record, int component) {
            try {
                return accessors[component].invoke(record);
            } catch (ReflectiveOperationException e) {
                // as the mapper fails on an accessor that throws: not writable
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException thrown ? thrown.getCause() : e;
                throw new IllegalArgumentException("not writable as JSON: " + record.getClass().getName() + "." + names[component], cause);
            }
        }

        private static PlainRecord plainForm(Class<?> type) {
            // Whatever could change what the mapper writes sends the record to the mapper: an
            // annotation anywhere on it (a field, a method, a constructor or its parameters carry
            // a component's, and @JsonValue or @JsonAnyGetter sit on other methods), an interface
            // (its default getters and annotations are inherited), or a getter of its own.
            if (type.getDeclaredAnnotations().length > 0 || type.getInterfaces().length > 0) {
                return null;
            }
            for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                if (field.getDeclaredAnnotations().length > 0) {
                    return null;
                }
            }
            for (java.lang.reflect.Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getDeclaredAnnotations().length > 0) {
                    return null;
                }
                for (java.lang.annotation.Annotation[] onParameter : constructor.getParameterAnnotations()) {
                    if (onParameter.length > 0) {
                        return null;
                    }
                }
            }
            java.lang.reflect.RecordComponent[] components = type.getRecordComponents();
            java.util.Set<java.lang.reflect.Method> accessors = new java.util.HashSet<>();
            String[] names = new String[components.length];
            java.lang.reflect.Method[] reads = new java.lang.reflect.Method[components.length];
            for (int i = 0; i < components.length; i++) {
                java.lang.reflect.Method accessor = components[i].getAccessor();
                if (components[i].getDeclaredAnnotations().length > 0 || !accessor.trySetAccessible()) {
                    return null; // the mapper reads non-public views the same way
                }
                accessors.add(accessor);
                names[i] = snakeCase(components[i].getName());
                reads[i] = accessor;
            }
            for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
                if (method.getDeclaredAnnotations().length > 0 || !accessors.contains(method) && isGetter(method)) {
                    return null; // the mapper would write it as a property too, or otherwise
                }
            }
            return new PlainRecord(names, reads);
        }

        private static boolean isGetter(java.lang.reflect.Method method) {
            String name = method.getName();
            int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : 0;
            return prefix > 0 && name.length() > prefix && java.lang.reflect.Modifier.isPublic(method.getModifiers())
                    && !java.lang.reflect.Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0;
        }

        /** Jackson's SNAKE_CASE, as PropertyNamingStrategies.SnakeCaseStrategy translates a name. */
        static String snakeCase(String name) {
            StringBuilder out = new StringBuilder(name.length() * 2);
            boolean previousUpper = false;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (i == 0 && c == '_') {
                    continue;
                }
                if (Character.isUpperCase(c)) {
                    if (!previousUpper && !out.isEmpty() && out.charAt(out.length() - 1) != '_') {
                        out.append('_');
                    }
                    c = Character.toLowerCase(c);
                    previousUpper = true;
                } else {
                    previousUpper = false;
                }
                out.append(c);
            }
            return out.isEmpty() ? name : out.toString();
        }
    }

    private static boolean keyedByText(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /**
     * U+2028 and U+2029 are legal in JSON but end a line in older JavaScript; escaped, an answer
     * stays safe to embed in a script. Jackson escapes the control characters itself.
     */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        private static final SerializableString LINE = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH = new SerializedString("\\u2029");
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '\u2028' ? LINE : ch == '\u2029' ? PARAGRAPH : null;
        }
    }
}
