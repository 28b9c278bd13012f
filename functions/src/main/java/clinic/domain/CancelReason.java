package clinic.domain;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Why an appointment was cancelled or moved: a code from the clinic's short list and an optional
 * free text (at most {@value #MAX_TEXT} characters, the names' rule for control and invisible
 * characters). A text without a code is {@code other}. FHIR's {@code Appointment.cancelationReason}.
 */
public record CancelReason(Code code, Optional<String> text) {
    public static final int MAX_TEXT = 200;

    public CancelReason {
        text = text.map(String::strip).filter(t -> !t.isEmpty());
    }

    public enum Code {
        PATIENT_REQUEST, DOCTOR_UNAVAILABLE, CLINIC, OTHER;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Code> ofWire(String text) {
            return Arrays.stream(values()).filter(c -> c.wire().equals(text)).findFirst();
        }
    }

    /**
     * The reason a request gives ({@code reason_code}, {@code reason}; either may be absent), or none
     * when it gives neither; 400 naming each bad field.
     */
    public static Optional<CancelReason> of(Optional<String> code, Optional<String> text) {
        Map<String, String> problems = new LinkedHashMap<>();
        Optional<Code> parsed = code.flatMap(c -> {
            Optional<Code> known = Code.ofWire(c);
            if (known.isEmpty()) {
                problems.put("reason_code", "must be one of patient_request, doctor_unavailable, clinic, other");
            }
            return known;
        });
        text.ifPresent(t -> {
            if (t.isBlank()) {
                problems.put("reason", "must not be blank");
            } else if (t.strip().codePointCount(0, t.strip().length()) > MAX_TEXT) {
                problems.put("reason", "at most " + MAX_TEXT + " characters");
            } else if (t.codePoints().anyMatch(NewAccount::isInvisibleOrControl)) {
                problems.put("reason", "must not contain control or invisible formatting characters");
            }
        });
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        if (parsed.isEmpty() && text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CancelReason(parsed.orElse(Code.OTHER), text));
    }
}
