package clinic.http;

import clinic.domain.Problem;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of the service. jackson-jr reads into plain maps and lists and writes
 * them back, with no bean introspection: the handlers build their bodies explicitly.
 */
public final class Json {
    private static final JSON JSON_MAPPER = JSON.builder().build()
            .with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .without(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {}

    /** Any JSON value: a Map, List, String, Number, Boolean or null. */
    public static Object parse(String text) {
        try {
            return JSON_MAPPER.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new Problem.Malformed("Request body is not valid JSON");
        }
    }

    public static String write(Object value) {
        try {
            return JSON_MAPPER.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
