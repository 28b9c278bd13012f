package clinic.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tokens from Cognito, in the shape the original service's clients read. */
public record Tokens(String access, String refresh, String id, int expiresIn, String tokenType) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access", access);
        if (refresh != null) {
            json.put("refresh", refresh);
        }
        json.put("id", id);
        json.put("expires_in", expiresIn);
        json.put("token_type", tokenType);
        return json;
    }
}
