package dev.dkg.keygen.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.testing.WrongRoleRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The keygen-client command line: argument errors and an unreachable server. */
class ClientCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Cli.commandLine("keygen-client", new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void badArgumentsExitTwoWithOneErrorLine() {
        for (String[] bad : new String[][] {{"--identity", "a.p12", "--trust", "ca.pem"},
                {"--identity", "a.p12", "--trust", "ca.pem", "--server", "host-without-port"},
                {"--identity", "a.p12", "--trust", "ca.pem", "--server", "host:99999"}}) {
            err.getBuffer().setLength(0);
            assertThat(run(bad)).isEqualTo(ExitCode.USAGE);
            assertThat(err.toString().lines().filter(l -> l.startsWith("keygen-client: error: "))).hasSize(1);
        }
    }

    @Test
    void unreachableServerExitsFour() throws Exception {
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir, "alice", Role.KEYGEN_CLIENT, "pw".toCharArray());
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "pw\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run("--identity", files.p12().toString(), "--password-file", pw.toString(), "--trust",
                files.caPem().toString(), "--server", "127.0.0.1:" + port, "--data-dir", dir.resolve("data").toString()))
                .isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err.toString()).startsWith("keygen-client: error: connection refused by 127.0.0.1:" + port
                + ": nothing listens there");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesAnIdentityOfAnotherRoleAtStart() throws Exception {
        WrongRoleRun.assertRefused(dir, "keygen-client", new Main(), Role.KEYGEN_CLIENT, Role.OTP_REQUESTER,
                "--server", "127.0.0.1:1");
    }
}
