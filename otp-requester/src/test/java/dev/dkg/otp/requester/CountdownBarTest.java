package dev.dkg.otp.requester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountdownBarTest {
    @Test
    void showsCodeBarAndSecondsLeft() {
        assertThat(CountdownBar.line("123456", 17, 30)).isEqualTo("123456  [############........] 17s");
    }

    @Test
    void fillsTheWholeBarAtTheStartOfAStep() {
        assertThat(CountdownBar.bar(30, 30, 10)).isEqualTo("##########");
    }

    @Test
    void showsAtLeastOneCellWhileAnyTimeIsLeft() {
        assertThat(CountdownBar.bar(1, 30, 10)).isEqualTo("#.........");
        assertThat(CountdownBar.bar(0, 30, 10)).isEqualTo("..........");
    }

    @Test
    void scalesWithTheStep() {
        assertThat(CountdownBar.bar(30, 60, 10)).isEqualTo("#####.....");
        assertThat(CountdownBar.line("07081804", 45, 60)).isEqualTo("07081804  [###############.....] 45s");
    }

    @Test
    void rejectsSecondsOutsideTheStep() {
        assertThatThrownBy(() -> CountdownBar.bar(31, 30, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CountdownBar.bar(-1, 30, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CountdownBar.bar(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
