package clinic.infra;

import static clinic.infra.CfnTemplate.list;
import static clinic.infra.CfnTemplate.map;

import java.util.Map;

/**
 * The part of EventBridge's pattern language that Lambda's filter criteria use here: nested
 * objects, and arrays of values where any may match, each an exact value or {@code {"prefix": ...}}.
 * A pattern using anything else is refused rather than guessed at.
 */
final class EventPattern {
    private EventPattern() {}

    static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        for (var entry : pattern.entrySet()) {
            Object actual = event.get(entry.getKey());
            Object wanted = entry.getValue();
            if (wanted instanceof Map<?, ?>) {
                if (!(actual instanceof Map<?, ?>) || !matches(map(wanted), map(actual))) {
                    return false;
                }
            } else if (!anyMatches(wanted, actual)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(Object wanted, Object actual) {
        for (Object option : list(wanted)) {
            if (option instanceof Map<?, ?> operator) {
                if (operator.size() != 1 || !operator.containsKey("prefix")) {
                    throw new IllegalArgumentException("pattern operator not supported locally: " + operator);
                }
                if (actual instanceof String text && text.startsWith((String) operator.get("prefix"))) {
                    return true;
                }
            } else if (option != null && option.equals(actual)) {
                return true;
            }
        }
        return false;
    }
}
