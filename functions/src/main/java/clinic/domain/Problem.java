package clinic.domain;

import java.util.Map;

/**
 * What can go wrong that a client caused or can act on. The HTTP layer maps each kind to one status
 * code in one place; everything else is a fault of ours and never reaches the client as detail.
 */
public abstract sealed class Problem extends RuntimeException {

    private final String code;

    private Problem(String message, String code) {
        this(message, code, null);
    }

    /** {@code cause}: what refused the request further down, for the log line; never for the client. */
    private Problem(String message, String code, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** 400: a field is missing or wrong. */
    public static final class Invalid extends Problem {
        private final Map<String, String> fields;

        public Invalid(Map<String, String> fields) {
            this(fields, null);
        }

        public Invalid(String field, String problem) {
            this(Map.of(field, problem));
        }

        private Invalid(Map<String, String> fields, Throwable refusal) {
            super("Invalid input: " + String.join(", ", fields.keySet()), "VALIDATION_ERROR", refusal);
            this.fields = Map.copyOf(fields);
        }

        /** Input the store refused ({@code refusal}) that validation should have stopped: a 400 whose log line names the refusal. */
        public static Invalid refused(String field, String problem, Throwable refusal) {
            return new Invalid(Map.of(field, problem), refusal);
        }

        public Map<String, String> fields() {
            return fields;
        }
    }

    /** 400: the body is not JSON at all. */
    public static final class Malformed extends Problem {
        public Malformed(String message) {
            super(message, "MALFORMED_JSON");
        }
    }

    /** 401: no identity, or a bad one. */
    public static final class Unauthenticated extends Problem {
        public Unauthenticated(String message, String code) {
            super(message, code);
        }
    }

    /** 403: known caller, not allowed. */
    public static final class Forbidden extends Problem {
        public Forbidden(String message) {
            super(message, "FORBIDDEN");
        }
    }

    /** 404: unknown, or not the caller's to see. */
    public static final class NotFound extends Problem {
        public NotFound(String what) {
            super(what + " not found", "NOT_FOUND");
        }
    }

    /** 409: the request is valid but the state of the world says no. */
    public static final class Conflict extends Problem {
        public Conflict(String code, String message) {
            super(message, code);
        }
    }

    /** 413: the body is over the limit. */
    public static final class TooLarge extends Problem {
        public TooLarge(String message) {
            super(message, "PAYLOAD_TOO_LARGE");
        }
    }

    /** 503: the store is throttling; the client should retry after a pause. */
    public static final class Busy extends Problem {
        public Busy() {
            super("The service is busy, retry shortly", "SERVICE_BUSY");
        }
    }
}
