package clinic.auth;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void tokensAreWrittenAsTheOriginalServiceDidAndRefreshOnlyWhenNew() {
        assertThat(Json.write(new Tokens("A", "R", "I", 3600, "Bearer")))
                .isEqualTo("{\"access\":\"A\",\"refresh\":\"R\",\"id\":\"I\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
        assertThat(Json.write(new Tokens("A", null, "I", 3600, "Bearer")))
                .isEqualTo("{\"access\":\"A\",\"id\":\"I\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }
}
