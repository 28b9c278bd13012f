package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void aCursorGivesBackItsPositionToTheQueryThatIssuedIt() {
        String cursor = PageRequest.bind("availabilities|date|caller-1", "2030-01-15#0900#amy#id");
        assertThat(new PageRequest(10, Optional.of(cursor)).positionIn("availabilities|date|caller-1"))
                .hasValue("2030-01-15#0900#amy#id");
        assertThat(new PageRequest(10, Optional.empty()).positionIn("anything")).isEmpty();
    }

    @Test
    void aCursorFromAnotherQueryOrNotOursIsA400() {
        String cursor = PageRequest.bind("availabilities|date|caller-1", "2030-01-15#0900#amy#id");
        assertThatThrownBy(() -> new PageRequest(10, Optional.of(cursor)).positionIn("availabilities|-date|caller-1"))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields().get("cursor")).contains("another query"));
        assertThatThrownBy(() -> new PageRequest(10, Optional.of(cursor)).positionIn("availabilities|date|caller-2"))
                .isInstanceOf(Problem.Invalid.class);
        for (String junk : new String[] {"nope", "|", PageRequest.bind("q", "").substring(0, 5)}) {
            assertThatThrownBy(() -> new PageRequest(10, Optional.of(junk)).positionIn("q")).as(junk).isInstanceOf(Problem.Invalid.class);
        }
        assertThatThrownBy(() -> new PageRequest(10, Optional.of(PageRequest.bind("q", ""))).positionIn("q"))
                .isInstanceOf(Problem.Invalid.class);
    }

    @Test
    void aPageMayReadTwiceItsLimitAndOneToLookAhead() {
        assertThat(new PageRequest(10, Optional.empty()).readBudget()).isEqualTo(21);
    }
}
