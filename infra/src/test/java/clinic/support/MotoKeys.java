package clinic.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Signs tokens with the key moto signs its Cognito tokens with (shipped in moto's package), so a
 * test can make a token that is correctly signed but wrong in one other way: expired, another
 * issuer, another audience. moto never issues such tokens itself.
 */
public final class MotoKeys {
    private static RSAKey key;

    private MotoKeys() {}

    public static synchronized RSAKey privateKey() throws Exception {
        if (key == null) {
            Process p = new ProcessBuilder("python3", "-c",
                    "import moto.cognitoidp, os; print(os.path.dirname(moto.cognitoidp.__file__))").start();
            String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(dir, "resources", "jwks-private.json.gz")))) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                key = json.contains("\"keys\"") ? (RSAKey) JWKSet.parse(json).getKeys().get(0) : RSAKey.parse(json);
            }
        }
        return key;
    }

    public static String sign(JWTClaimsSet claims) throws Exception {
        RSAKey rsa = privateKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(rsa));
        return jwt.serialize();
    }
}
