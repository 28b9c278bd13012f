package clinic.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void nothingReadWhereTheFloorReadsNothingMeetsTheRatio() {
        Figure none = Figure.against("clinic scale", "search, patient with none", 0, 0, "items", 1, 1.5);
        assertThat(none.ratio()).isEqualTo(1.0);
        assertThat(none.met()).isTrue();
    }

    @Test
    void somethingOverAFloorOfNothingMeetsNoRatio() {
        assertThat(Figure.against("s", "n", 3, 0, "items", 1, 1.5).met()).isFalse();
    }

    @Test
    void aRatioAboveTheTargetIsNotMet() {
        assertThat(Figure.against("s", "n", 4, 2, "items", 1, 1.5).met()).isFalse();
        assertThat(Figure.against("s", "n", 3, 2, "items", 1, 1.5).met()).isTrue();
    }
}
