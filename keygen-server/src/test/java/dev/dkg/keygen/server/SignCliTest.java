package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code keygen-server sign} and {@code verify} through picocli, against an in-process Coordinator and signers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignCliTest {
    private static final char[] PASSWORD = "test password".toCharArray();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = Cli.commandLine("keygen-server", new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String[] as(String name, Role role, String... args) throws Exception {
        Path ids = dir.resolve("ids-" + name);
        TestPki.WrittenIdentity id = Files.exists(ids) ? new TestPki.WrittenIdentity(ids.resolve(name + ".p12"),
                ids.resolve(name + ".pem"), ids.resolve("ca.pem")) : TestPki.writeFiles(Files.createDirectories(ids), name, role, PASSWORD);
        Path pw = dir.resolve("pw");
        if (!Files.exists(pw)) {
            Files.writeString(pw, new String(PASSWORD) + "\n");
        }
        List<String> all = new ArrayList<>(List.of(args[0], "--identity", id.p12().toString(), "--password-file",
                pw.toString(), "--trust", id.caPem().toString()));
        all.addAll(List.of(args).subList(1, args.length));
        return all.toArray(String[]::new);
    }

    @Test
    void signWritesAVerifiedSignatureThatOpensslAndVerifyAccept() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            f.watch(key, "alice");
            f.watch(key, "carol");
            f.awaitReady(key, 2);
            Path message = Files.writeString(dir.resolve("release.txt"), "release 1.0\n");
            Path pub = Files.writeString(dir.resolve("pub.pem"), key.key().publicKey().toPem());
            String server = "127.0.0.1:" + f.service.port();
            String keyId = key.key().keyIdHex();

            assertThat(run(as("rita", Role.OTP_REQUESTER, "sign", "--server", server, "--key", keyId, "--message",
                    message.toString(), "--out", dir.resolve("release.sig").toString()))).as(err.toString()).isZero();
            assertThat(out.toString()).contains("verified").contains("signers: alice carol");
            assertThat(Files.size(dir.resolve("release.sig"))).isEqualTo(64);

            // The exact openssl command of the issue, on the PEM export of the group key.
            assumeTrue(opensslAvailable(), "openssl not installed");
            Process p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
                    "-in", message.toString(), "-sigfile", dir.resolve("release.sig").toString())
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(said).isZero();
            assertThat(said).contains("Signature Verified Successfully");

            assertThat(run("verify", "--public", pub.toString(), "--message", message.toString(), "--signature",
                    dir.resolve("release.sig").toString())).as(err.toString()).isZero();
            assertThat(out.toString()).startsWith("signature verified: ");
            Path changed = Files.writeString(dir.resolve("changed.txt"), "release 1.1\n");
            assertThat(run("verify", "--public", pub.toString(), "--message", changed.toString(), "--signature",
                    dir.resolve("release.sig").toString())).isEqualTo(ExitCode.FAILURE);
            assertThat(err.toString()).startsWith("keygen-server: error: signature does not verify");

            // hex: the same signature as one line of hex
            assertThat(run(as("rita", Role.OTP_REQUESTER, "sign", "--server", server, "--key", keyId, "--message",
                    message.toString(), "--out", dir.resolve("release.hex").toString(), "--format", "hex")))
                    .as(err.toString()).isZero();
            assertThat(Files.readString(dir.resolve("release.hex"))).matches("[0-9a-f]{128}\n");
            assertThat(run("verify", "--public", pub.toString(), "--message", message.toString(), "--signature",
                    dir.resolve("release.hex").toString(), "--format", "hex")).isZero();

            // an existing output file is never overwritten
            assertThat(run(as("rita", Role.OTP_REQUESTER, "sign", "--server", server, "--key", keyId, "--message",
                    message.toString(), "--out", dir.resolve("release.sig").toString()))).isEqualTo(ExitCode.IO);
        }
    }

    @Test
    void refusedIsThreeAbortedIsOneAndBadArgumentsAreTwo() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            f.watch(key, "alice");
            f.watch(key, "bob", key.shareOf("bob"), r -> false);
            f.awaitReady(key, 2);
            Path message = Files.writeString(dir.resolve("m.txt"), "m");
            String server = "127.0.0.1:" + f.service.port();
            String keyId = key.key().keyIdHex();
            assertThat(run(as("mallory", Role.OTP_REQUESTER, "sign", "--server", server, "--key", keyId, "--message",
                    message.toString(), "--out", dir.resolve("a.sig").toString()))).isEqualTo(ExitCode.VERIFICATION);
            assertThat(err.toString()).contains("refused: the signing ACL does not allow");
            assertThat(run(as("rita", Role.OTP_REQUESTER, "sign", "--server", server, "--key", keyId, "--message",
                    message.toString(), "--out", dir.resolve("b.sig").toString()))).isEqualTo(ExitCode.FAILURE);
            assertThat(err.toString()).contains("signing aborted: bob declined to sign");
            assertThat(Files.exists(dir.resolve("a.sig")) || Files.exists(dir.resolve("b.sig"))).isFalse();

            assertThat(run(as("rita", Role.OTP_REQUESTER, "sign", "--server", server, "--key", "abc", "--message",
                    message.toString(), "--out", dir.resolve("c.sig").toString()))).isEqualTo(ExitCode.USAGE);
            assertThat(run(as("rita", Role.OTP_REQUESTER, "sign", "--server", server, "--key", keyId, "--message",
                    dir.resolve("missing").toString(), "--out", dir.resolve("c.sig").toString()))).isEqualTo(ExitCode.IO);
            assertThat(run("verify", "--message", message.toString(), "--signature", "x", "--format", "base64",
                    "--public", "p.pem")).isEqualTo(ExitCode.USAGE);
            assertThat(run("verify", "--message", message.toString(), "--signature", "x")).isEqualTo(ExitCode.USAGE);
            Path pub = Files.writeString(dir.resolve("pub.pem"), key.key().publicKey().toPem());
            assertThat(run("verify", "--public", pub.toString(), "--message", message.toString(), "--signature",
                    dir.resolve("none.sig").toString())).isEqualTo(ExitCode.IO);
            assertThat(err.toString()).contains("signature file not found");
        }
    }

    private static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
