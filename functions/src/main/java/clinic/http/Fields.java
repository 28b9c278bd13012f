package clinic.http;

import clinic.domain.Problem;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads typed fields out of a JSON object, collecting every problem so that one 400 names them all.
 * Unknown fields are ignored, as the contract says.
 */
public final class Fields {
    private final Map<?, ?> object;
    private final String prefix;
    private final Map<String, String> problems;

    private Fields(Map<?, ?> object, String prefix, Map<String, String> problems) {
        this.object = object;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Fields of a JSON value that must be an object. */
    public static Fields of(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new Problem.Invalid("body", "must be a JSON object");
        }
        return new Fields(map, "", new LinkedHashMap<>());
    }

    /** Fields of a nested object, reporting problems under {@code name.}. */
    public Fields object(String name) {
        Object value = object.get(name);
        if (value instanceof Map<?, ?> map) {
            return new Fields(map, prefix + name + ".", problems);
        }
        problems.put(prefix + name, value == null ? "is required" : "must be an object");
        // Its fields cannot be judged, so their problems go nowhere: one problem per cause.
        return new Fields(Map.of(), prefix + name + ".", new LinkedHashMap<>());
    }

    public boolean has(String name) {
        return object.containsKey(name) && object.get(name) != null;
    }

    public Object raw(String name) {
        return object.get(name);
    }

    public String string(String name) {
        Object value = object.get(name);
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        problems.put(prefix + name, value == null || value instanceof String ? "is required" : "must be a string");
        return null;
    }

    public String optionalString(String name) {
        Object value = object.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        problems.put(prefix + name, "must be a string");
        return null;
    }

    public LocalDate date(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return Params.date(text);
        } catch (DateTimeParseException e) {
            problems.put(prefix + name, "must be a date YYYY-MM-DD");
            return null;
        }
    }

    public LocalTime time(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return Params.time(text);
        } catch (DateTimeParseException e) {
            problems.put(prefix + name, "must be a time HH:MM:SS");
            return null;
        }
    }

    /** A positive id: a JSON integer, or a string of digits as Django REST framework accepts. */
    public Integer positiveInt(String name) {
        Object value = object.get(name);
        Integer id = value instanceof Number n ? Params.positiveInt(n) : value instanceof String s ? Params.positiveInt(s) : null;
        if (id == null) {
            problems.put(prefix + name, value == null ? "is required" : "must be a positive integer");
        }
        return id;
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        Object value = object.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problems.put(prefix + name, "must be true or false");
        return fallback;
    }

    public void reject(String name, String problem) {
        problems.put(prefix + name, problem);
    }

    /** Throws one 400 naming every problem found so far. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
    }
}
