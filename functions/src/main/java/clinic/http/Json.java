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
            if (!(value instanceof Map<?, ?> || value instanceof List<?>)) {
                return MAPPER.writeValueAsString(value);
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

    /**
     * Maps, lists and scalars straight to the generator, records and anything else through the
     * mapper: what the mapper writes too, but without its map and collection serializers, which
     * resolve a serializer per value type on first use (about 40 ms of a cold start, for the log
     * line and an event's detail that every booking writes; docs/performance.md).
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
        } else {
            MAPPER.writeValue(out, value);
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
