package clinic.http;

import clinic.domain.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads typed fields out of a JSON object, collecting every problem so that one 400 names them all.
 * Unknown fields are ignored, as the contract says. (Binding a record with Jackson directly would
 * stop at the first bad field; reading the tree here names them all, with the contract's words.)
 */
public final class Fields {
    private final JsonNode object;
    private final String prefix;
    private final Map<String, String> problems;

    private Fields(JsonNode object, String prefix, Map<String, String> problems) {
        this.object = object;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Fields of a JSON value that must be an object. */
    public static Fields of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new Problem.Invalid("body", "must be a JSON object");
        }
        return new Fields(json, "", new LinkedHashMap<>());
    }

    /** A field's value; JSON null and absence are the same: nothing. */
    private JsonNode value(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** Fields of a nested object, reporting problems under {@code name.}. */
    public Fields object(String name) {
        JsonNode value = value(name);
        if (value != null && value.isObject()) {
            return new Fields(value, prefix + name + ".", problems);
        }
        problems.put(prefix + name, value == null ? "is required" : "must be an object");
        // Its fields cannot be judged, so their problems go nowhere: one problem per cause.
        return new Fields(MissingNode.getInstance(), prefix + name + ".", new LinkedHashMap<>());
    }

    public boolean has(String name) {
        return value(name) != null;
    }

    /** True when the field is there and is anything but the string {@code expected}. */
    public boolean differsFrom(String name, String expected) {
        JsonNode value = value(name);
        return value != null && !(value.isTextual() && value.textValue().equals(expected));
    }

    public String string(String name) {
        JsonNode value = value(name);
        if (value != null && value.isTextual() && !value.textValue().isBlank()) {
            return value.textValue();
        }
        problems.put(prefix + name, value == null || value.isTextual() ? "is required" : "must be a string");
        return null;
    }

    public String optionalString(String name) {
        JsonNode value = value(name);
        if (value == null || value.isTextual()) {
            return value == null ? null : value.textValue();
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
        JsonNode value = value(name);
        Integer id = value == null ? null
                : value.isIntegralNumber() ? Params.positiveInt(value.canConvertToLong() ? value.longValue() : 0)
                : value.isTextual() ? Params.positiveInt(value.textValue()) : null;
        if (id == null) {
            problems.put(prefix + name, value == null ? "is required" : "must be a positive integer");
        }
        return id;
    }

    /** A required true or false. */
    public boolean bool(String name) {
        JsonNode value = value(name);
        if (value != null && value.isBoolean()) {
            return value.booleanValue();
        }
        problems.put(prefix + name, value == null ? "is required" : "must be true or false");
        return false;
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        JsonNode value = value(name);
        if (value == null) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        problems.put(prefix + name, "must be true or false");
        return fallback;
    }

    /**
     * A whole number from 0 to {@code max}, or JSON null; the field must be there (a misspelt name is
     * then a 400, not a silent null).
     */
    public Integer wholeOrNull(String name, int max) {
        if (!object.has(name)) {
            problems.put(prefix + name, "is required: a whole number from 0 to " + max + ", or null");
            return null;
        }
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0 && value.intValue() <= max) {
            return value.intValue();
        }
        problems.put(prefix + name, "must be a whole number from 0 to " + max + ", or null");
        return null;
    }

    /**
     * A required array of strings (JSON null or absence: a problem, so a misspelt name is never an
     * empty list); an element that is not a string is named by its index.
     */
    public java.util.List<String> strings(String name) {
        if (!object.has(name)) {
            problems.put(prefix + name, "is required: an array of strings");
            return null;
        }
        return strings(object.get(name), prefix + name, problems);
    }

    /** A whole body that must be an array of strings; 400 naming every bad element. */
    public static java.util.List<String> stringArray(JsonNode json) {
        Map<String, String> problems = new LinkedHashMap<>();
        java.util.List<String> strings = strings(json, "body", problems);
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        return strings;
    }

    private static java.util.List<String> strings(JsonNode value, String field, Map<String, String> problems) {
        if (value == null || !value.isArray()) {
            problems.put(field, "must be an array of strings");
            return null;
        }
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i).isTextual()) {
                strings.add(value.get(i).textValue());
            } else {
                problems.put(field + "[" + i + "]", "must be a string");
            }
        }
        return strings;
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
