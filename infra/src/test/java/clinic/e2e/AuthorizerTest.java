package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.MotoKeys;
import clinic.support.Users.User;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local API refuses, as API Gateway's JWT authorizer does, every token that is not this pool's, for this client, in date. */
class AuthorizerTest extends EndToEndTest {
    private User admin;

    @BeforeAll
    void signIn() {
        admin = users.admin();
    }

    private JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(stack.config().issuer())
                .subject(admin.id())
                .claim("client_id", stack.config().userPoolClientId())
                .claim("token_use", "access")
                .claim("username", admin.username())
                .claim("cognito:groups", List.of("admins"))
                .issueTime(Date.from(now.minusSeconds(10)))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
    }

    private int statusWith(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return api.get("/api/timeslots/", MotoKeys.sign(change.apply(validClaims()).build())).status();
    }

    @Test
    void aTokenWeSignLikeCognitoIsAcceptedSoTheRefusalsBelowAreAboutOneFlawEach() throws Exception {
        assertThat(statusWith(c -> c)).isEqualTo(200);
    }

    @Test
    void aRealCognitoAccessTokenIsAcceptedAndSoIsItsIdToken() {
        assertThat(api.get("/api/timeslots/", admin.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/timeslots/", admin.tokens().id()).status()).isEqualTo(200);
    }

    @Test
    void noTokenIs401WithAWwwAuthenticateHeader() {
        var reply = api.get("/api/timeslots/", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        assertThat(statusWith(c -> c.issueTime(Date.from(past.minusSeconds(3600))).expirationTime(Date.from(past)))).isEqualTo(401);
    }

    @Test
    void aTokenNotValidYetIsRefused() throws Exception {
        assertThat(statusWith(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(3600))))).isEqualTo(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        assertThat(statusWith(c -> c.issuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"))).isEqualTo(401);
    }

    @Test
    void aTokenForAnotherClientIsRefused() throws Exception {
        assertThat(statusWith(c -> c.claim("client_id", "another-client"))).isEqualTo(401);
        assertThat(statusWith(c -> c.claim("client_id", null).claim("token_use", "id").audience("another-client"))).isEqualTo(401);
    }

    @Test
    void aRefreshOrUnknownTokenUseIsRefused() throws Exception {
        assertThat(statusWith(c -> c.claim("token_use", "refresh"))).isEqualTo(401);
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        String[] good = MotoKeys.sign(validClaims().build()).split("\\.");
        String otherClaims = MotoKeys.sign(validClaims().claim("cognito:groups", List.of("admins", "doctors")).build()).split("\\.")[1];
        var reply = api.get("/api/timeslots/", good[0] + "." + otherClaims + "." + good[2]);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
    }

    @Test
    void unsignedHmacAndForeignKeyTokensAreRefused() throws Exception {
        JWTClaimsSet claims = validClaims().build();
        String none = new PlainJWT(claims).serialize();

        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("dummy").build(), claims);
        hmac.sign(new MACSigner("a-shared-secret-that-is-at-least-256-bits-long!!"));

        var foreignKey = new RSAKeyGenerator(2048).keyID("dummy").generate();
        SignedJWT foreign = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("dummy").build(), claims);
        foreign.sign(new RSASSASigner(foreignKey));

        var unknownKid = new RSAKeyGenerator(2048).keyID("not-in-the-jwks").generate();
        SignedJWT unknown = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-in-the-jwks").build(), claims);
        unknown.sign(new RSASSASigner(unknownKid));

        for (String token : List.of(none, hmac.serialize(), foreign.serialize(), unknown.serialize(), "abc.def.ghi")) {
            assertThat(api.get("/api/timeslots/", token).status()).as(token).isEqualTo(401);
        }
    }

    /** API Gateway takes the header as the token alone or "Bearer " and the token: anything after the token makes it no JWT. */
    @Test
    void aBearerHeaderWithAnythingAfterTheTokenIsRefused() {
        String token = admin.token();
        for (String junk : List.of(",", ", ", " junk", ",Bearer " + token, ";", "!", ".", " .")) {
            var reply = api.send("GET", "/api/timeslots/", null, null, java.util.Map.of("Authorization", "Bearer " + token + junk));
            assertThat(reply.status()).as("Bearer <token>" + junk).isEqualTo(401);
        }
        assertThat(api.send("GET", "/api/timeslots/", null, null, java.util.Map.of("Authorization", token + ",")).status())
                .as("<token>,").isEqualTo(401);
        assertThat(api.send("GET", "/api/timeslots/", null, null, java.util.Map.of("Authorization", "Bearer " + token)).status())
                .isEqualTo(200);
        assertThat(api.send("GET", "/api/timeslots/", null, null, java.util.Map.of("Authorization", token)).status())
                .as("the token alone").isEqualTo(200);
    }

    @Test
    void headOfAGetRouteAnswersAsGetWithoutABody() {
        var get = api.get("/api/timeslots/1/", admin.token());
        var head = api.send("HEAD", "/api/timeslots/1/", admin.token(), null, java.util.Map.of());
        assertThat(head.status()).as(head.toString()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.header("Content-Length")).as("the length GET would send").hasValue(Integer.toString(get.body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(api.send("HEAD", "/api/timeslots/", null, null, java.util.Map.of()).status()).as("still authorized").isEqualTo(401);
        assertThat(api.send("HEAD", "/api/timeslots/999/", admin.token(), null, java.util.Map.of()).status()).isEqualTo(404);
        assertThat(api.send("HEAD", "/api/nothing-here/", admin.token(), null, java.util.Map.of()).status()).isEqualTo(404);
    }

    @Test
    void routesWithoutTheAuthorizerNeedNoToken() {
        assertThat(api.post("/api/api/token_verify/", null, java.util.Map.of("token", admin.token())).status()).isEqualTo(200);
    }

    @Test
    void anUnknownRouteIs404() {
        assertThat(api.get("/api/nothing-here/", admin.token()).status()).isEqualTo(404);
        assertThat(api.send("PATCH", "/api/timeslots/1/", admin.token(), "{}", java.util.Map.of()).status()).isEqualTo(404);
    }
}
