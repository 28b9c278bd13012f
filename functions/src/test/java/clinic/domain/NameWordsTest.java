package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NameWordsTest {

    @Test
    void wordsAreTheWholeUsernameAndEachLowerCasedWordOfTheName() {
        assertThat(NameWords.of("Dr.Who", "John  Smith-Jones")).containsExactly("dr.who", "john", "smith-jones");
    }

    @Test
    void aTermMatchesWhenEachOfItsWordsStartsSomeWordOfThePerson() {
        assertThat(NameWords.matches(NameWords.term("doctor", "smi"), "dr.who", "John Smith")).isTrue();
        assertThat(NameWords.matches(NameWords.term("doctor", "JOHN sm"), "dr.who", "John Smith")).isTrue();
        assertThat(NameWords.matches(NameWords.term("doctor", "dr.w"), "dr.who", "John Smith")).isTrue();
        assertThat(NameWords.matches(NameWords.term("doctor", "ith"), "dr.who", "John Smith")).isFalse();
        assertThat(NameWords.matches(NameWords.term("doctor", "john jones"), "dr.who", "John Smith")).isFalse();
    }

    @Test
    void blankOrOverlongTermsAre400() {
        assertThatThrownBy(() -> NameWords.term("patient", "  ")).isInstanceOf(Problem.Invalid.class);
        assertThatThrownBy(() -> NameWords.term("patient", "a".repeat(65))).isInstanceOf(Problem.Invalid.class);
    }

    @Test
    void aTermNeedsOneWordOfTwoCharactersBecauseNamesAreIndexedByTheirFirstTwo() {
        assertThatThrownBy(() -> NameWords.term("doctor", "p")).isInstanceOfSatisfying(Problem.Invalid.class,
                p -> assertThat(p.fields().get("doctor")).contains("at least 2"));
        assertThatThrownBy(() -> NameWords.term("doctor", "a b")).isInstanceOf(Problem.Invalid.class);
        assertThat(NameWords.term("doctor", "j smi")).containsExactly("j", "smi");
        assertThat(NameWords.longest(NameWords.term("doctor", "j smi"))).isEqualTo("smi");
    }

    @Test
    void aNameGivesAtMostSixWordsSoOneBookingWritesABoundedNumberOfItems() {
        assertThat(NameWords.of("u", "a b c d e f g h i")).hasSize(NameWords.MAX_WORDS);
    }
}
