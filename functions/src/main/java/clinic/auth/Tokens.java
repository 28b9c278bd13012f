package clinic.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Tokens from Cognito, in the shape the original service's clients read:
 * {@code {access, refresh, id, expires_in, token_type}}, {@code refresh} only when a new one was issued.
 */
public record Tokens(String access, @JsonInclude(JsonInclude.Include.NON_NULL) String refresh, String id, int expiresIn,
                     String tokenType) {}
