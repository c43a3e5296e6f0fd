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
    /** The terminal the command believes it writes to (by default: none, output captured). */
    private Terminal terminal = new Terminal(false, java.util.OptionalInt.empty());

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
        Main main = new Main();
        main.terminal = terminal;
        CommandLine cl = Cli.commandLine("otp-requester", main);
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
    void listJsonIsOneDocumentWithTheSameKeys() {
        assertThat(run("alice", "list", "--json")).as(err).isZero();
        assertThat(out).isEqualTo("{\"server\":\"127.0.0.1:" + fixture.port() + "\",\"keys\":["
                + "{\"key_id\":\"k1\",\"purpose\":\"otp\",\"created\":\"2023-11-14T21:13:45Z\",\"algorithm\":\"SHA1\","
                + "\"digits\":6,\"period_s\":30,\"may\":[\"get\",\"verify\",\"enroll\"],\"lock_state\":null},"
                + "{\"key_id\":\"team-a\",\"purpose\":\"team\",\"created\":\"2023-11-14T22:12:45Z\",\"algorithm\":\"SHA1\","
                + "\"digits\":6,\"period_s\":30,\"may\":[\"get\"],\"lock_state\":null}]}" + System.lineSeparator());
    }

    @Test
    void globalOptionsWorkAfterTheSubcommand() {
        run("alice", "list");
        Path pki = dir.resolve("pki-" + Role.OTP_REQUESTER.label());
        StringWriter o = new StringWriter();
        CommandLine cl = Cli.commandLine("otp-requester", new Main());
        cl.setOut(new PrintWriter(o, true));
        int code = cl.execute("get", "k1", "--identity", pki.resolve("alice.p12").toString(), "--password-file",
                dir.resolve("pw").toString(), "--trust", pki.resolve("ca.pem").toString(),
                "--server", "127.0.0.1:" + fixture.port());
        assertThat(code).isZero();
        assertThat(o.toString()).isEqualTo(fixture.k1TotpNow() + " valid 15s" + System.lineSeparator());
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
        terminal = new Terminal(true, java.util.OptionalInt.of(120));
        assertThat(run("alice", "enroll", "k1", "--qr")).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("otpauth://totp/dkg-test:k1?secret=");
        assertThat(lines).hasSizeGreaterThan(10);
        assertThat(lines.get(1)).startsWith("\u001b[30;107m");
        assertThat(run("bob", "enroll", "k1")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(out).isEmpty();
    }

    @Test
    void aQrCodeThatWouldWrapIsRefusedBeforeTheSecretIsPrinted() {
        terminal = new Terminal(true, java.util.OptionalInt.of(40));
        assertThat(run("alice", "enroll", "k1", "--qr")).isEqualTo(ExitCode.USAGE);
        assertThat(out).isEmpty();
        assertThat(err).containsPattern("the QR code needs [0-9]+ columns but the terminal has 40")
                .contains("--qr-png FILE").doesNotContain("secret=");
    }

    @Test
    void withoutATerminalTheQrCodeHasNoEscapeCodes() {
        assertThat(run("alice", "enroll", "k1", "--qr")).isZero();
        assertThat(out).doesNotContain("\u001b").contains("\u2588");
        assertThat(err).contains("--qr-png FILE");
    }

    @Test
    void qrPngWritesAnOwnerOnlyImageThatDecodesToTheUri() throws Exception {
        Path png = dir.resolve("k1.png");
        assertThat(run("alice", "enroll", "k1", "--qr-png", png.toString())).isZero();
        String uri = out.strip();
        assertThat(java.nio.file.Files.getPosixFilePermissions(png))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        com.google.zxing.Result decoded = new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
                new com.google.zxing.common.HybridBinarizer(new com.google.zxing.RGBLuminanceSource(
                        image.getWidth(), image.getHeight(), pixels))));
        assertThat(decoded.getText()).isEqualTo(uri);
        // A second run must not overwrite the first image, and asks nothing of the distributor.
        assertThat(run("alice", "enroll", "k1", "--qr-png", png.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err).contains("already exists");
        assertThat(out).isEmpty();
    }

    @Test
    void qrPngIntoAMissingDirectoryIsRefusedBeforeConnecting() {
        assertThat(run("alice", "enroll", "k1", "--qr-png", dir.resolve("nodir/k1.png").toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err).contains("does not exist");
        assertThat(out).isEmpty();
    }

    @Test
    void enrollAccountRenamesTheAccountAndKeepsTheIssuer() {
        assertThat(run("alice", "enroll", "k1", "--account", "alice@example.com")).isZero();
        assertThat(out).startsWith("otpauth://totp/dkg-test:alice%40example.com?secret=").contains("&issuer=dkg-test&");
        assertThat(run("alice", "enroll", "k1", "--account", " ")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aCodeTypedInGroupsIsAccepted() {
        String code = fixture.k1TotpNow();
        assertThat(run("bob", "verify", "k1", code.substring(0, 3) + " " + code.substring(3))).isZero();
        assertThat(out.strip()).isEqualTo("accepted");
    }

    @Test
    void aHelpDeskUnlocksDisablesAndEnablesAKeyAndItsChangesSurviveARestart() throws Exception {
        String right = fixture.k1TotpNow();
        String wrong = (right.charAt(0) == '9' ? "0" : String.valueOf((char) (right.charAt(0) + 1))) + right.substring(1);
        for (int i = 0; i < fixture.policy.maxConsecutiveFailures(); i++) {
            assertThat(run("bob", "verify", "k1", wrong)).isEqualTo(ExitCode.VERIFICATION);
        }
        assertThat(run("bob", "verify", "k1", right)).isEqualTo(ExitCode.VERIFICATION);
        assertThat(out).contains("locked until");

        assertThat(run("helpdesk", "list")).isZero();
        assertThat(out.strip()).startsWith("k1  ").contains("may=admin  failures=" + fixture.policy.maxConsecutiveFailures()
                + " locked-until=").endsWith(" enabled");
        assertThat(run("helpdesk", "admin", "unlock", "k1")).isZero();
        assertThat(out.strip()).isEqualTo("k1  failures=0 unlocked enabled");
        assertThat(run("bob", "verify", "k1", right)).isZero();

        assertThat(run("helpdesk", "admin", "disable", "k1")).isZero();
        assertThat(out.strip()).isEqualTo("k1  failures=0 unlocked disabled");
        fixture.restart();
        fixture.clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(run("alice", "get", "k1")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err).startsWith("otp-requester: error: key k1 is disabled by an administrator");
        assertThat(run("bob", "verify", "k1", fixture.k1TotpNow())).isEqualTo(ExitCode.VERIFICATION);
        assertThat(run("alice", "enroll", "k1")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(out).isEmpty();

        assertThat(run("alice", "admin", "enable", "k1")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err).startsWith("otp-requester: error: not authorised to administer key k1");
        assertThat(run("helpdesk", "admin", "enable", "k1")).isZero();
        assertThat(run("bob", "verify", "k1", fixture.k1TotpNow())).isZero();
        assertThat(run("helpdesk", "admin", "fly", "k1")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void watchCountBelowOneIsAUsageError() {
        assertThat(run("alice", "watch", "k1", "--count", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(err).contains("--count must be at least 1");
        assertThat(run("alice", "watch", "k1", "--count", "-3")).isEqualTo(ExitCode.USAGE);
        assertThat(out).isEmpty();
    }

    @Test
    void benchReportsExchangesLatencyAndNoErrors() {
        assertThat(run("alice", "bench", "--connections", "2", "--duration", "0.5", "--warmup", "0.1")).isZero();
        assertThat(out).containsPattern("bench: connections=2 duration_s=0\\.5 exchanges=[1-9][0-9]* "
                + "exchanges_per_s=[0-9.]+ p50_ms=[0-9.]+ p99_ms=[0-9.]+ errors=0");
    }

    @Test
    void benchOfVerifyCountsAcceptedVerificationsOnly() {
        assertThat(run("alice", "bench", "--operation", "verify", "--key", "k1", "--connections", "1", "--duration",
                "0.5", "--warmup", "0.1")).isZero();
        assertThat(out).containsPattern("bench: connections=1 duration_s=0\\.5 exchanges=[1-9][0-9]* "
                + "exchanges_per_s=[0-9.]+ p50_ms=[0-9.]+ p99_ms=[0-9.]+ errors=0 operation=verify");
    }

    @Test
    void refusesAnIdentityOfAnotherRoleAtStart() throws Exception {
        WrongRoleRun.assertRefused(dir, "otp-requester", new Main(), Role.OTP_REQUESTER, Role.OTP_DISTRIBUTOR,
                "--server", "127.0.0.1:1", "list");
    }
}
