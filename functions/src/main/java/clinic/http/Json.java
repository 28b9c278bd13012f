package clinic.http;

import clinic.domain.Problem;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
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
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + value.getClass().getName(), e);
        }
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
