package dev.dkg.dealer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.pki.Role;
import dev.dkg.sharing.VaultId;
import dev.dkg.testing.TestPki;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dealer menu as a user types into it: typed lines in, what the terminal shows out. */
class MenuTest {
    @TempDir
    Path dir;

    private final StringWriter printed = new StringWriter();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private DealerService service;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private String type(String typed) throws Exception {
        if (service == null) {
            service = DealerService.start(new InetSocketAddress("127.0.0.1", 0), dir.resolve("data"),
                    TestPki.identity("dealer", Role.DEALER), TestPki.trust(), new PrintWriter(printed, true),
                    Clock.systemUTC());
        }
        new Menu(service, new BufferedReader(new StringReader(typed)), new PrintWriter(printed, true), null).run();
        return printed.toString();
    }

    private VaultId vaultOfThree() throws Exception {
        type("");
        for (String n : List.of("alice", "bob", "carol")) {
            toClose.add(FakeHolder.connect(TestPki.identity(n, Role.SHARE_HOLDER), service.port()));
        }
        Path clear = dir.resolve("clear.txt");
        Files.writeString(clear, "the protected file\n");
        return service.dealer().split(2, List.of("alice", "bob", "carol"), "a phrase".toCharArray(), clear,
                Duration.ofSeconds(5));
    }

    @Test
    void endOfInputAtASubPromptCancelsThatOperationOnly() throws Exception {
        // Ctrl-D at each prompt of a split: the holder list, the threshold, the phrase.
        type("1\n");
        type("1\nalice,bob,carol\n");
        String shown = type("1\nalice,bob,carol\n2\n");
        assertThat(shown.split("cancelled; nothing was sent", -1)).hasSize(4);
        assertThat(shown).doesNotContain("null").doesNotContain("exceeds").doesNotContain("empty secret phrase");
        // The first Ctrl-D only cancelled the split: the menu asked for a choice again.
        assertThat(shown.indexOf("choice: ", shown.indexOf("cancelled"))).isPositive();
    }

    @Test
    void promptsShowRangesAndConnectedHoldersAndThePhraseMustBeTypedTwice() throws Exception {
        vaultOfThree();
        Path clear = dir.resolve("clear.txt");
        String shown = type("1\nalice,bob,carol\n2\none phrase\nanother phrase\n" + clear + "\n"
                + "1\nalice,bob,carol\n9\n0\n");
        assertThat(shown).contains("holders, comma-separated (connected: alice,bob,carol): ")
                .contains("threshold (2-3): ")
                .contains("the two phrases differ; nothing was split")
                .contains("choose 2 to 3, not 9");
        assertThat(service.vaults().list()).hasSize(1);
    }

    @Test
    void ctrlCWhileWaitingForHoldersCancelsTheSplitAndTheMenuGoesOn() throws Exception {
        type("");
        toClose.add(FakeHolder.connect(TestPki.identity("alice", Role.SHARE_HOLDER), service.port()));
        Path clear = Files.writeString(dir.resolve("clear.txt"), "x\n");
        java.io.PipedWriter typing = new java.io.PipedWriter();
        BufferedReader in = new BufferedReader(new java.io.PipedReader(typing));
        Thread menu = new Thread(() -> {
            try {
                new Menu(service, in, new PrintWriter(printed, true), null).run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        menu.start();
        typing.write("1\nalice,bob\n2\np\np\n" + clear + "\nmy label\n");
        typing.flush();
        for (int i = 0; i < 200 && !printed.toString().contains("waiting up to"); i++) {
            Thread.sleep(50);
        }
        assertThat(printed.toString()).contains("1/2 holders connected: alice, 2 needed; waiting up to");
        sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        for (int i = 0; i < 200 && !printed.toString().contains("cancelled (Ctrl-C)"); i++) {
            Thread.sleep(50);
        }
        typing.write("0\n");
        typing.flush();
        menu.join(10_000);
        assertThat(menu.isAlive()).isFalse();
        assertThat(printed.toString()).contains("cancelled (Ctrl-C)");
        assertThat(printed.toString().indexOf("choice: ", printed.toString().indexOf("cancelled (Ctrl-C)")))
                .isPositive();
        assertThat(service.vaults().list()).isEmpty();
        if (Files.isDirectory(dir.resolve("data").resolve("vaults"))) {
            try (var files = Files.list(dir.resolve("data").resolve("vaults"))) {
                assertThat(files.toList()).as("no half-made vault").isEmpty();
            }
        }
    }

    @Test
    void errorsReturnToTheMenu() throws Exception {
        String shown = type("2\n3\n1\n4\n0\n");
        assertThat(shown).contains("dealer: error: there are no vaults yet");
        // After two failed operations the status still ran.
        assertThat(shown).contains("no vaults");
    }

    @Test
    void combineChecksTheOutputPathBeforeAskingAnyHolder() throws Exception {
        VaultId vault = vaultOfThree();
        Path existing = Files.writeString(dir.resolve("existing.txt"), "keep me");
        String shown = type("2\n" + dir.resolve("nodir").resolve("out.txt") + "\n"
                + "2\n" + existing + "\nn\n" + "2\n" + existing + "\n");
        assertThat(shown).contains("1) " + vault + ": 2-of-3 alice,bob,carol, epoch 0")
                .contains("does not exist; no share was asked for")
                .contains("not overwriting " + existing)
                .contains("cancelled; nothing was sent")
                .doesNotContain("good share");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void aVaultIsChosenByNumberOrIdPrefix() throws Exception {
        VaultId first = vaultOfThree();
        Path clear = dir.resolve("clear.txt");
        VaultId second = service.dealer().split(2, List.of("alice", "bob"), "p".toCharArray(), clear,
                Duration.ofSeconds(5));
        Path out = dir.resolve("out.txt");
        String shown = type("2\n" + second.hex().substring(0, 8) + "\n" + out + "\nn\n" + "2\nabc\n" + "0\n");
        assertThat(shown).contains(" 2-of-2 alice,bob").contains("recovered vault " + second)
                .contains("vault (1-2 or id prefix): ")
                .containsPattern("waiting for (alice|bob)'s approval \\(up to [0-9]+ s\\)")
                .contains("a vault id is its full hex form or a prefix of at least 8 hex digits, not 'abc'");
        assertThat(shown).doesNotContain("recovered vault " + first);
        assertThat(Files.readString(out)).isEqualTo("the protected file\n");
    }
}
