package dev.dkg.dealer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.testing.WrongRoleRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dealer's command line, run in-process with captured output. */
class DealerCliTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    record Run(int code, String out, String err) {}

    private TestPki.WrittenIdentity files;

    private Run dealer(String... args) throws IOException {
        if (files == null) {
            files = TestPki.writeFiles(dir, "dealer", Role.DEALER, "pw".toCharArray());
        }
        Path password = Files.writeString(dir.resolve("pw"), "pw\n");
        List<String> argv = new ArrayList<>(List.of("--identity", files.p12().toString(), "--password-file",
                password.toString(), "--trust", files.caPem().toString(), "--data-dir", dir.resolve("data").toString()));
        argv.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine("dealer", new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(argv.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Connects the holders as soon as the dealer listens on {@code port}. */
    private void holdersConnect(int port, String... names) {
        for (String n : names) {
            CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        toClose.add(FakeHolder.connect(TestPki.identity(n, Role.SHARE_HOLDER), port));
                        return;
                    } catch (IOException e) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            });
        }
    }

    @Test
    void refusesAHolderIdentityAtStart() throws Exception {
        // Before: it ran as dealer 'holder1' and reported every vault as not verifying, exit 0.
        WrongRoleRun.assertRefused(dir, "dealer", new Main(), Role.DEALER, Role.SHARE_HOLDER,
                "--listen", "127.0.0.1:0", "--data-dir", dir.resolve("data").toString(), "status");
    }

    @Test
    void splitPrintsOnlyTheVaultIdOnStdoutAndItsProgressOnStderr() throws Exception {
        int port = freePort();
        Path clear = Files.writeString(dir.resolve("clear.txt"), "protected\n");
        Path phrase = Files.writeString(dir.resolve("phrase.txt"), "a phrase\n");
        holdersConnect(port, "alice", "bob");
        Run split = dealer("split", "--listen", "127.0.0.1:" + port, "--threshold", "2", "--holders", "alice,bob",
                "--secret-file", phrase.toString(), "--file", clear.toString(), "--wait", "20s");
        assertThat(split.code()).as(split.err()).isZero();
        assertThat(split.out()).matches("[0-9a-f]{32}\n");
        String vault = split.out().strip();
        assertThat(split.err()).contains("listening on").contains("vault " + vault + ": 2-of-2")
                .doesNotContain("a phrase");

        Run status = dealer("status", "--listen", "127.0.0.1:0", "--wait", "0s");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("vault " + vault + ": 2-of-2 alice,bob");
        assertThat(status.out()).doesNotContain("listening on");
    }
}
