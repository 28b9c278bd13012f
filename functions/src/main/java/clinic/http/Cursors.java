package clinic.http;

import clinic.domain.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page cursors travel as opaque base64url text, so clients do not build them by hand. */
public final class Cursors {
    private Cursors() {}

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Problem.Invalid("cursor", "is not a cursor this API issued");
        }
    }
}
