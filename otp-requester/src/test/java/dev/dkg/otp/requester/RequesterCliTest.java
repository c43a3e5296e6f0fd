package dev.dkg.otp.requester;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import dev.dkg.otp.distributor.DistributorFixture;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.testing.WrongRoleRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The otp-requester command line against an in-process distributor: output and exit code of every subcommand. */
class RequesterCliTest {
    private static final char[] PASSWORD = "requester test password".toCharArray();

    @TempDir
    Path dir;

    private DistributorFixture fixture;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        fixture = DistributorFixture.start(dir.resolve("distributor"));
        Files.writeString(dir.resolve("pw"), new String(PASSWORD) + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private int run(String name, Role role, int port, String... command) {
        Path pki = dir.resolve("pki-" + role.label());
        Path p12 = pki.resolve(name + ".p12");
        if (!Files.exists(p12)) {
            TestPki.writeFiles(pki, name, role, PASSWORD);
        }
        List<String> args = new ArrayList<>(List.of("--identity", p12.toString(), "--password-file",
                dir.resolve("pw").toString(), "--trust", pki.resolve("ca.pem").toString(),
                "--server", "127.0.0.1:" + port));
        args.addAll(List.of(command));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Cli.commandLine("otp-requester", new Main());
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args.toArray(String[]::new));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private int run(String name, String... command) {
        return run(name, Role.OTP_REQUESTER, fixture.port(), command);
    }

    @Test
    void getPrintsTheCodeAndTheSecondsItStaysValid() {
        assertThat(run("alice", "get", "k1")).isZero();
        assertThat(out).isEqualTo(fixture.k1TotpNow() + " valid 15s" + System.lineSeparator());
        assertThat(run("alice", "get", "k1", "--hotp")).isZero();
        assertThat(out).endsWith(" counter 0" + System.lineSeparator());
    }

    @Test
    void verifyExitsZeroWhenAcceptedAndThreeForTheReplay() {
        String code = fixture.k1TotpNow();
        assertThat(run("bob", "verify", "k1", code)).isZero();
        assertThat(out.strip()).isEqualTo("accepted");
        assertThat(run("bob", "verify", "k1", code)).isEqualTo(ExitCode.VERIFICATION);
        assertThat(out.strip()).isEqualTo("rejected");
        assertThat(err).isEmpty();
    }

    @Test
    void verifyReadsTheCodeFromStandardInputSoItStaysOffTheCommandLine() {
        String code = fixture.k1TotpNow();
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream((code + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(run("bob", "verify", "k1", "-")).isZero();
            assertThat(out.strip()).isEqualTo("accepted");
            System.setIn(new java.io.ByteArrayInputStream((code + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(run("bob", "verify", "k1", "-")).isEqualTo(ExitCode.VERIFICATION);
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void aclDenialExitsThreeUnknownKeyOneMalformedCodeTwo() {
        assertThat(run("bob", "get", "k2")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err).startsWith("otp-requester: error: not authorised to get key k2");
        assertThat(run("mallory", "list")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(run("alice", "get", "team-zzz")).isEqualTo(ExitCode.FAILURE);
        assertThat(err).startsWith("otp-requester: error: unknown key team-zzz");
        assertThat(run("alice", "verify", "k1", "12345")).isEqualTo(ExitCode.USAGE);
        assertThat(err).startsWith("otp-requester: error: malformed code: expected 6 digits");
        assertThat(out).isEmpty();
    }

    @Test
    void unreachableDistributorExitsFour() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThat(run("alice", Role.OTP_REQUESTER, closedPort, "get", "k1")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err).startsWith("otp-requester: error: cannot reach the distributor at 127.0.0.1:" + closedPort);
    }

    @Test
    void listShowsKeysAndPermissions() {
        assertThat(run("alice", "list")).isZero();
        assertThat(out.lines().toList()).containsExactly(
                "k1  purpose=otp  created=2023-11-14T21:13:45Z  SHA1/6digits/30s  may=get,verify,enroll",
                "team-a  purpose=team  created=2023-11-14T22:12:45Z  SHA1/6digits/30s  may=get");
    }

    @Test
    void watchPrintsACountdownLinePerRefresh() {
        assertThat(run("alice", "watch", "k1", "--count", "2")).isZero();
        String code = fixture.k1TotpNow();
        assertThat(out.lines().toList()).containsExactly(code + "  [##########..........] 15s",
                code + "  [##########..........] 14s");
    }

    @Test
    void enrollPrintsTheUriAndAQrCodeOnlyWhenAllowed() {
        assertThat(run("alice", "enroll", "k1", "--qr")).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("otpauth://totp/dkg-test:k1?secret=");
        assertThat(lines).hasSizeGreaterThan(10);
        assertThat(lines.get(1)).startsWith("\u001b[30;107m");
        assertThat(run("bob", "enroll", "k1")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(out).isEmpty();
    }

    @Test
    void benchReportsExchangesLatencyAndNoErrors() {
        assertThat(run("alice", "bench", "--connections", "2", "--duration", "0.5", "--warmup", "0.1")).isZero();
        assertThat(out).containsPattern("bench: connections=2 duration_s=0\\.5 exchanges=[1-9][0-9]* "
                + "exchanges_per_s=[0-9.]+ p50_ms=[0-9.]+ p99_ms=[0-9.]+ errors=0");
    }

    @Test
    void refusesAnIdentityOfAnotherRoleAtStart() throws Exception {
        WrongRoleRun.assertRefused(dir, "otp-requester", new Main(), Role.OTP_REQUESTER, Role.OTP_DISTRIBUTOR,
                "--server", "127.0.0.1:1", "list");
    }
}
