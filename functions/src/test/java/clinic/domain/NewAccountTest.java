package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NewAccountTest {

    private static NewAccount withUsername(String username) {
        return new NewAccount(username, "pat@example.com", "Str0ng-pass", null);
    }

    private static NewAccount withEmail(String email) {
        return new NewAccount("pat", email, "Str0ng-pass", null);
    }

    private static NewAccount withName(String name) {
        return new NewAccount("pat", "pat@example.com", "Str0ng-pass", name);
    }

    private static void assertRefused(Runnable account, String field) {
        assertThatThrownBy(account::run).isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields()).containsOnlyKeys(field));
    }

    @Test
    void aBlankNameDefaultsToTheUsername() {
        assertThat(withName("  ").name()).isEqualTo("pat");
        assertThat(withName(" Pat Jones ").name()).isEqualTo("Pat Jones");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short1A", "alllowercase1", "ALLUPPERCASE1", "NoDigitsAtAll"})
    void weakPasswordsAreRefusedAsTheUserPoolWould(String password) {
        assertRefused(() -> new NewAccount("pat", "pat@example.com", password, null), "user.password");
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> new NewAccount("bad name!", "nope", "x", "n".repeat(101)))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields())
                        .containsOnlyKeys("user.username", "user.email", "user.password", "name"));
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        assertThat(withUsername("pat").toString()).doesNotContain("Str0ng-pass");
    }

    @ParameterizedTest
    @CsvSource({
            "ｐａｔ, pat",                 // fullwidth forms
            "𝐩𝐚𝐭, pat",                   // mathematical bold
            "pat①, pat1",                 // circled digit
            "Ｐａｔ＿Ｊｏｎｅｓ, Pat_Jones",  // fullwidth low line
            "ﬁona, fiona",                // ligature
            "cafe\u0301, caf\u00e9",          // e + combining acute becomes é
    })
    void usernamesAreKeptInTheirNfkcForm(String given, String stored) {
        assertThat(withUsername(given).username()).isEqualTo(stored);
        assertThat(NewAccount.normaliseUsername(given)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "grey", "pat.jones+clinic@home", "o_brien-2", "José", "Zoë", "Ålesund", "Ярослав", "Σοφία", "山田太郎", "やまだ_taro",
            "スーパー", "김민준", "राहुल", "محمد", "ভারত১২"})
    void lettersAndDigitsOfOneScriptArePlainUsernames(String username) {
        assertThat(withUsername(username).username()).isEqualTo(username);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "p\u0430t",          // Cyrillic a among Latin letters
            "gr\u0435y",         // Cyrillic e
            "\u03bfscar",        // Greek omicron
            "Ярославa",          // Latin a at the end of a Cyrillic name
            "pat\u0661",         // an Arabic-Indic digit with Latin letters
    })
    void mixedScriptConfusablesAreRefused(String username) {
        assertThatThrownBy(() -> withUsername(username)).isInstanceOfSatisfying(Problem.Invalid.class,
                p -> assertThat(p.fields().get("user.username")).contains("scripts"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pa\u200dt", "pa\u200ct", "pa\u200bt", "\ufeffpat", "pat\u00ad", "pat\u2060", "pa\u202et", "pat\u2066",  // invisible
            "pat\ufe0f", "pa\u034ft", "pat\u3164", "\u115fpat", "pat\udb40\udc01",                                   // ignorable
            "pa\u0000t", "pat\u001b", "pa\tt", "pa\nt", "pat\u007f", "pat\u0085", "pa\u2028t",                       // control
            "pa t", "pa\u00a0t", "pa\u3000t", "bad name!", "pat#", "pat/1", "pat\u02bc", "\u0301pat", "",          // other
            "pat\ud800"})                                                                                           // lone surrogate
    void invisibleControlAndOtherCharactersAreRefused(String username) {
        assertRefused(() -> withUsername(username), "user.username");
    }

    @Test
    void aUsernameMayBe128CharactersAfterNormalising() {
        assertThat(withUsername("p".repeat(128)).username()).hasSize(128);
        assertRefused(() -> withUsername("p".repeat(129)), "user.username");
        String grows = "p".repeat(125) + "㍻㍻"; // 127 characters given; each ㍻ becomes 平成, so 129 stored
        assertRefused(() -> withUsername(grows), "user.username");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pat@example.com", "Pat.Jones+clinic@mail.example.co.uk", "o'brien@example.ie", "x@xn--bcher-kva.example",
            "a_b-c@sub-domain.example.org", "1@123.example"})
    void realEmailAddressesAreAccepted(String email) {
        assertThat(withEmail(email).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-at-sign", "a@b", "two@@example.com", "a@b@example.com", "spaces in@example.com", "pat@exa mple.com",
            "pat\u0000@example.com", "pat@example.com\u0000", "<pat@example.com>", "Pat <pat@example.com>", "pat@example.com>",
            "@example.com", "pat@", "pat@.example.com", "pat@example..com", "pat@example.com.", ".pat@example.com",
            "pa..t@example.com", "pat.@example.com", "pat@-example.com", "pat@example-.com", "pat@1.2.3.4", "pat@[127.0.0.1]",
            "\"pat\"@example.com", "pât@example.com", "pat@exämple.com", "pat@example.com\n", "pat@example.c_m"})
    void anythingButAPlainAddressIsRefused(String email) {
        assertRefused(() -> withEmail(email), "user.email");
    }

    @Test
    void emailLengthsAreSmtps() {
        String domain = "@" + "d".repeat(60) + ".example.com";
        assertThat(withEmail("l".repeat(64) + domain).email()).startsWith("l");
        assertRefused(() -> withEmail("l".repeat(65) + domain), "user.email");
        String longest = "l".repeat(64) + "@" + ("d".repeat(61) + ".").repeat(3) + "d".repeat(254 - 64 - 1 - 62 * 3);
        assertThat(longest).hasSize(254);
        assertThat(withEmail(longest).email()).isEqualTo(longest);
        assertRefused(() -> withEmail(longest + "d"), "user.email");
        assertRefused(() -> withEmail("pat@" + "d".repeat(64) + ".com"), "user.email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pat\u0000Jones", "Pat\u001b[31mJones", "Pat\nJones", "Pat\tJones", "Pat\u007f", "Pat\u2028Jones",
            "Pat\u202eJones", "\ufeffPat", "Pat\u200bJones", "Pat\ud800"})
    void namesWithControlOrInvisibleCharactersAreRefused(String name) {
        assertRefused(() -> withName(name), "name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pat O'Brien-Jones", "José Ñúñez", "山田 太郎", "می\u200cخواهم", "Zoë 👩\u200d⚕️"})
    void namesOfEveryScriptAreKept(String name) {
        assertThat(withName(name).name()).isEqualTo(name);
    }
}
