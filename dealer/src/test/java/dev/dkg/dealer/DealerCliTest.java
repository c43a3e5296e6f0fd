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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dealer's command line, run in-process with captured output. */
class DealerCliTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new java.util.concurrent.CopyOnWriteArrayList<>();

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

        Run json = dealer("status", "--listen", "127.0.0.1:0", "--wait", "0s", "--json");
        assertThat(json.out()).startsWith("{\"listening\":true,\"holders_connected\":[],\"vaults\":[{\"id\":\""
                + vault + "\",\"label\":\"\",\"threshold\":2,\"holders\":[\"alice\",\"bob\"],\"epoch\":0,\"file\":\"clear.txt\"")
                .endsWith("}]}\n");
    }

    @Test
    void listAndABusyStatusReadTheVaultsWithoutLockingOrWriting() throws Exception {
        int port = freePort();
        Path clear = Files.writeString(dir.resolve("clear.txt"), "protected\n");
        Path phrase = Files.writeString(dir.resolve("phrase.txt"), "a phrase\n");
        holdersConnect(port, "alice", "bob");
        String vault = dealer("split", "--listen", "127.0.0.1:" + port, "--threshold", "2", "--holders", "alice,bob",
                "--secret-file", phrase.toString(), "--file", clear.toString(), "--wait", "20s", "--label", "team notes")
                .out().strip();
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path lock : files.filter(f -> f.toString().endsWith(".lock")).toList()) {
                Files.delete(lock);
            }
        }
        Map<Path, String> before = snapshot(dir.resolve("data"));

        Run list = dealer("list", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("{\"listening\":false,\"vaults\":[{\"id\":\"" + vault
                + "\",\"label\":\"team notes\",\"threshold\":2,\"holders\":[\"alice\",\"bob\"],\"epoch\":0,")
                .contains("\"created\":\"20");
        Run text = dealer("list");
        assertThat(text.out()).startsWith("vault " + vault + " \"team notes\": 2-of-2 alice,bob, epoch 0, file clear.txt "
                + "(10 bytes)")
                .doesNotContain("connected");

        // Another dealer holds the listen address: status says so and shows the vaults read-only.
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run status = dealer("status", "--listen", "127.0.0.1:" + busy.getLocalPort(), "--json");
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.err()).contains("another dealer is running?");
            assertThat(status.out()).startsWith("{\"listening\":false,\"vaults\":[{\"id\":\"" + vault);
        }
        assertThat(snapshot(dir.resolve("data"))).isEqualTo(before);

        // --vault takes a unique prefix of 8+ hex digits; a shorter one or one that matches nothing is refused
        // before anything listens.
        // (No holder is running: the combine gets as far as waiting for them, so the prefix named this vault.)
        Path out = dir.resolve("out.txt");
        Run combine = dealer("combine", "--listen", "127.0.0.1:0", "--vault", vault.substring(0, 8), "--out",
                out.toString(), "--wait", "1s");
        assertThat(combine.err()).contains("0/2 holders connected, 2 needed; waiting up to")
                .contains("only 0 good shares of the 2 needed");
        Run tooShort = dealer("refresh", "--vault", vault.substring(0, 7));
        assertThat(tooShort.code()).isEqualTo(2);
        assertThat(tooShort.err()).contains("a prefix of at least 8 hex digits").doesNotContain("listening");
        String other = vault.startsWith("0") ? "1" : "0";
        Run none = dealer("refresh", "--vault", other.repeat(8));
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no vault " + other.repeat(8));
    }

    @Test
    void anAmbiguousVaultPrefixListsTheMatches() throws Exception {
        for (String id : List.of("abcdef0011111111111111111111111a", "abcdef0022222222222222222222222b")) {
            Files.createDirectories(dir.resolve("data/vaults").resolve(id));
            Files.writeString(dir.resolve("data/vaults").resolve(id).resolve("state.log"), "");
        }
        Run r = dealer("combine", "--vault", "abcdef00", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("vault id prefix abcdef00 matches 2 vaults: abcdef0011111111111111111111111a, "
                + "abcdef0022222222222222222222222b").doesNotContain("listening");
    }

    private static Map<Path, String> snapshot(Path root) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.toList()) {
                files.put(f, Files.isRegularFile(f) ? Files.size(f) + "@" + Files.getLastModifiedTime(f) : "dir");
            }
        }
        return files;
    }
}
