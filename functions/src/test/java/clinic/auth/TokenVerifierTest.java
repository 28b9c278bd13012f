package clinic.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Problem;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real RS256 tokens signed with a key pair made here, checked against that key's JWKS. */
class TokenVerifierTest {
    private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool";
    private static final String CLIENT = "client-123";
    private static RSAKey key;
    private static TokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        verifier = new TokenVerifier(ISSUER, CLIENT, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
    }

    private static JWTClaimsSet.Builder access() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").claim("token_use", "access")
                .claim("client_id", CLIENT).claim("cognito:groups", List.of("patients"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    private static void refused(UnaryOperator<JWTClaimsSet.Builder> flaw) throws Exception {
        String token = sign(flaw.apply(access()).build(), key);
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(Problem.Unauthenticated.class,
                p -> assertThat(p.code()).isEqualTo("token_not_valid"));
    }

    @Test
    void acceptsAnAccessTokenForThisClientAndAnIdTokenWhoseAudienceIsThisClient() throws Exception {
        assertThat(verifier.verify(sign(access().build(), key)).getSubject()).isEqualTo("user-1");
        assertThat(verifier.verify(sign(access().claim("token_use", "id").claim("client_id", null).audience(CLIENT).build(), key))
                .getSubject()).isEqualTo("user-1");
    }

    @Test
    void refusesExpiredNotYetValidForeignIssuerAndForeignClientTokens() throws Exception {
        Instant past = Instant.now().minusSeconds(7200);
        refused(c -> c.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))));
        refused(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(3600))));
        refused(c -> c.issuer(ISSUER + "x"));
        refused(c -> c.claim("client_id", "other"));
        refused(c -> c.claim("token_use", "id").claim("client_id", null).audience("other"));
        refused(c -> c.claim("token_use", null));
        refused(c -> c.expirationTime(null));
    }

    @Test
    void refusesUnsignedHmacUnknownKeyAndTamperedTokens() throws Exception {
        JWTClaimsSet claims = access().build();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims);
        hmac.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
        String stranger = sign(claims, new RSAKeyGenerator(2048).keyID("k1").generate());
        String unknownKid = sign(claims, new RSAKeyGenerator(2048).keyID("k2").generate());
        String[] good = sign(claims, key).split("\\.");
        String[] admin = sign(access().claim("cognito:groups", List.of("admins")).build(), key).split("\\.");
        String tampered = good[0] + "." + admin[1] + "." + good[2];

        for (String token : List.of(new PlainJWT(claims).serialize(), hmac.serialize(), stranger, unknownKid, tampered, "", "a.b.c")) {
            assertThatThrownBy(() -> verifier.verify(token)).as(token).isInstanceOf(Problem.Unauthenticated.class);
        }
    }
}
