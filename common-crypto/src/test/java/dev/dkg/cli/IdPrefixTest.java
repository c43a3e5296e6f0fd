package dev.dkg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IdPrefixTest {
    private static final List<String> IDS = List.of(
            "0123456789abcdef0123456789abcdef", "01234567ffffffff0000000000000000", "fedcba9876543210fedcba9876543210");

    private static String resolve(String typed) {
        return IdPrefix.resolve(typed, IDS, Function.identity(), "key", "keygen-server list");
    }

    @Test
    void acceptsTheFullIdAndAUniquePrefixInEitherCase() {
        assertThat(resolve("fedcba9876543210fedcba9876543210")).isEqualTo(IDS.get(2));
        assertThat(resolve("FEDCBA98")).isEqualTo(IDS.get(2));
        assertThat(resolve(" 0123456789 ")).isEqualTo(IDS.get(0));
    }

    @Test
    void ambiguousPrefixIsAUsageErrorListingTheMatches() {
        assertThatThrownBy(() -> resolve("01234567"))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("matches 2 keys", IDS.get(0), IDS.get(1));
                    assertThat(e.hint()).isEqualTo("give more digits");
                });
    }

    @Test
    void shortOrNonHexPrefixIsAUsageError() {
        for (String bad : new String[] {"0123456", "0123456g", "", "--key"}) {
            assertThatThrownBy(() -> resolve(bad)).isInstanceOfSatisfying(CliException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }

    @Test
    void unknownIdFailsWithTheListCommandAsHint() {
        assertThatThrownBy(() -> resolve("aaaaaaaa")).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(e.getMessage()).isEqualTo("no key aaaaaaaa");
            assertThat(e.hint()).isEqualTo("see 'keygen-server list'");
        });
    }
}
