package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewAccountTest {

    @Test
    void aBlankNameDefaultsToTheUsername() {
        assertThat(new NewAccount("pat", "pat@example.com", "Str0ng-pass", "  ").name()).isEqualTo("pat");
        assertThat(new NewAccount("pat", "pat@example.com", "Str0ng-pass", " Pat Jones ").name()).isEqualTo("Pat Jones");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short1A", "alllowercase1", "ALLUPPERCASE1", "NoDigitsAtAll"})
    void weakPasswordsAreRefusedAsTheUserPoolWould(String password) {
        assertThatThrownBy(() -> new NewAccount("pat", "pat@example.com", password, null))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields()).containsOnlyKeys("user.password"));
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> new NewAccount("bad name!", "nope", "x", "n".repeat(101)))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields())
                        .containsOnlyKeys("user.username", "user.email", "user.password", "name"));
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        assertThat(new NewAccount("pat", "pat@example.com", "Str0ng-pass", null).toString()).doesNotContain("Str0ng-pass");
    }
}
