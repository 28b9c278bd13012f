package clinic.auth;

import clinic.Config;
import clinic.domain.Problem;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Cognito token as the HTTP API's JWT authorizer does: an RS256 signature by a key of the
 * pool's JWKS (so {@code alg: none}, HMAC and unknown {@code kid} fail), the pool as issuer, this
 * app client as audience ({@code aud} of an id token, {@code client_id} of an access token), and
 * the expiry and not-before times.
 */
public final class TokenVerifier {
    /**
     * A signed JWT's compact form, and nothing else: three base64url parts. The parser would decode
     * a part with junk after it ({@code <token>,}), which API Gateway's authorizer refuses.
     */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String clientId;

    public TokenVerifier(String issuer, String clientId, JWKSource<SecurityContext> keys) {
        this.clientId = clientId;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat", "token_use")));
    }

    public static TokenVerifier forPool(Config config) {
        try {
            return new TokenVerifier(config.issuer(), config.userPoolClientId(),
                    JWKSourceBuilder.create(URI.create(config.jwksUrl()).toURL()).retrying(true).build());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("Bad JWKS address " + config.jwksUrl(), e);
        }
    }

    /** The verified claims; 401 {@code token_not_valid} for anything else. */
    public JWTClaimsSet verify(String token) {
        if (token == null || token.isBlank()) {
            throw invalid("Token is missing");
        }
        String compact = token.strip();
        if (!COMPACT_JWS.matcher(compact).matches()) {
            throw invalid("Token is invalid or expired");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(compact, null);
        } catch (KeySourceException e) {
            throw new Problem.Busy();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw invalid("Token is invalid or expired");
        }
        if (!issuedToThisClient(claims)) {
            throw invalid("Token was not issued to this client");
        }
        return claims;
    }

    private boolean issuedToThisClient(JWTClaimsSet claims) {
        Object use = claims.getClaim("token_use");
        List<String> audience = claims.getAudience();
        if ("id".equals(use)) {
            return audience != null && audience.contains(clientId);
        }
        return "access".equals(use) && clientId.equals(claims.getClaim("client_id"));
    }

    private static Problem.Unauthenticated invalid(String message) {
        return new Problem.Unauthenticated(message, "token_not_valid");
    }
}
