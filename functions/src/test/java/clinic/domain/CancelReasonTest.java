package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CancelReasonTest {

    @Test
    void neitherCodeNorTextIsNoReasonAndATextAloneIsOther() {
        assertThat(CancelReason.of(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(CancelReason.of(Optional.empty(), Optional.of("  phoned  "))).contains(
                new CancelReason(CancelReason.Code.OTHER, Optional.of("phoned")));
        assertThat(CancelReason.of(Optional.of("doctor_unavailable"), Optional.empty())).contains(
                new CancelReason(CancelReason.Code.DOCTOR_UNAVAILABLE, Optional.empty()));
    }

    @Test
    void aTextOfExactly200CharactersOfAnyScriptIsKeptAnd201IsRefused() {
        assertThat(CancelReason.of(Optional.empty(), Optional.of("😀".repeat(200)))).isPresent();
        assertThatThrownBy(() -> CancelReason.of(Optional.empty(), Optional.of("a".repeat(201))))
                .isInstanceOfSatisfying(Problem.Invalid.class, e -> assertThat(e.fields()).containsOnlyKeys("reason"));
    }

    @Test
    void anUnknownCodeAndAControlCharacterAreNamedTogether() {
        assertThatThrownBy(() -> CancelReason.of(Optional.of("Clinic"), Optional.of("esc\u001B")))
                .isInstanceOfSatisfying(Problem.Invalid.class, e -> assertThat(e.fields()).containsOnlyKeys("reason_code", "reason"));
        assertThatThrownBy(() -> CancelReason.of(Optional.empty(), Optional.of("bidi\u202Eoverride")))
                .isInstanceOf(Problem.Invalid.class);
        // Joiners are letters' business in Persian and Indic names: allowed, as in names.
        assertThat(CancelReason.of(Optional.empty(), Optional.of("می\u200Cخواهم"))).isPresent();
    }
}
