package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.keygen.KeyApplications;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.Receipt;
import dev.dkg.otp.Base32;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Pem;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.testing.WrongRoleRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The keygen-server command line: argument errors, list, export (loadable by openssl) and init. */
class ServerCliTest {
    private static final char[] PASSWORD = "test password".toCharArray();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Cli.commandLine("keygen-server", new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private long errorLines() {
        return err.toString().lines().filter(l -> l.startsWith("keygen-server: error: ")).count();
    }

    @Test
    void badArgumentsExitTwoWithOneErrorLine() {
        for (String[] bad : new String[][] {{}, {"--participants", "3", "--clients", "alice"},
                {"--participants", "2", "--key-length", "8"}, {"--participants", "2", "--round-timeout", "5x"},
                {"--participants", "2", "--listen", "nowhere"}, {"--participants", "0"}, {"export", "--key", "zz"},
                {"--participants", "2", "--purpose", "otp-sha256-9-30"}}) {
            err.getBuffer().setLength(0);
            assertThat(run(bad)).as(String.join(" ", bad)).isEqualTo(ExitCode.USAGE);
            assertThat(errorLines()).as(err.toString()).isEqualTo(1);
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void listAndExportReadTheStoreAndExportsLoadInOpenssl() throws Exception {
        Receipt receipt;
        try (KeygenFixture fixture = new KeygenFixture(dir)) {
            fixture.start(KeygenFixture.firstToConnect(2, Duration.ofSeconds(30), 1));
            Future<Receipt> alice = fixture.participate("alice");
            receipt = fixture.participate("bob").get(30, TimeUnit.SECONDS);
            alice.get(30, TimeUnit.SECONDS);
            fixture.service.awaitFinished(Duration.ofSeconds(30));
        }
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir.resolve("pki"), "keygen", Role.KEYGEN_SERVER, PASSWORD);
        Path pw = dir.resolve("pw");
        Files.writeString(pw, new String(PASSWORD) + "\n");
        List<String> credentials = List.of("--identity", files.p12().toString(), "--password-file", pw.toString(),
                "--trust", files.caPem().toString(), "--data-dir", dir.toString());

        assertThat(run(args("list", credentials))).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(receipt.keyIdHex() + " " + receipt.created() + " otp 32 alice,bob"
                + System.lineSeparator());

        out.getBuffer().setLength(0);
        assertThat(run(args("list", credentials, "--json"))).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("{\"key_store\":\"" + dir.resolve("key_store") + "\",\"identity\":\"keygen\","
                + "\"skipped_records\":0,\"keys\":[{\"key_id\":\"" + receipt.keyIdHex() + "\",\"created\":\""
                + receipt.created() + "\",\"purpose\":\"otp\",\"length\":32,\"participants\":[\"alice\",\"bob\"]}],\"threshold_keys\":[]}"
                + System.lineSeparator());

        // Another server identity of the same CA reads none of the records, and says so on stderr.
        TestPki.WrittenIdentity other = TestPki.writeFiles(dir.resolve("pki2"), "keygen2", Role.KEYGEN_SERVER, PASSWORD);
        out.getBuffer().setLength(0);
        assertThat(run("list", "--identity", other.p12().toString(), "--password-file", pw.toString(),
                "--trust", files.caPem().toString(), "--data-dir", dir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("keygen-server: note: skipped 1 record(s) not sealed to keygen2",
                "stored by a server with another key");
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);

        KeyRecord stored = KeyStoreReader.readAll(dir.resolve("key_store"), KeygenFixture.SERVER, TestPki.trust()).get(0);
        for (String format : List.of("otp", "aes256", "p256", "secp256k1", "ed25519")) {
            Path file = dir.resolve("export." + format);
            assertThat(run(args("export", credentials, "--key", receipt.keyIdHex().substring(0, 8), "--as", format,
                    "--out", file.toString()))).as(err.toString()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            if (format.equals("otp")) {
                assertThat(Files.readString(file)).contains("secret: " + Base32.encode(KeyApplications.otpSecret(stored.key())))
                        .contains("uri: otpauth://totp/dkg:" + receipt.keyIdHex() + "?secret=");
            } else if (format.equals("aes256")) {
                assertThat(Files.readString(file).strip()).isEqualTo(HexFormat.of().formatHex(KeyApplications.aes256Key(stored.key())));
            } else {
                assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN PUBLIC KEY-----");
                assertOpensslLoads(file);
            }
        }
        Path labelled = dir.resolve("labelled.otp");
        assertThat(run(args("export", credentials, "--key", receipt.keyIdHex(), "--as", "otp", "--issuer", "Acme Co",
                "--account", "bob@example.com", "--out", labelled.toString()))).as(err.toString()).isZero();
        assertThat(Files.readString(labelled)).contains("uri: otpauth://totp/Acme%20Co:bob%40example.com?secret=")
                .contains("&issuer=Acme%20Co&");
        assertThat(run(args("export", credentials, "--key", receipt.keyIdHex(), "--as", "aes256", "--account", "bob",
                "--out", dir.resolve("x").toString()))).isEqualTo(ExitCode.USAGE);
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
        err.getBuffer().setLength(0);
        assertThat(run(args("export", credentials, "--key", receipt.keyIdHex(), "--as", "otp", "--out",
                dir.resolve("export.otp").toString()))).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).contains("refusing to overwrite");
        // The exports are different keys: no two share material.
        assertThat(KeyApplications.aes256Key(stored.key())).isNotEqualTo(KeyApplications.ed25519Seed(stored.key()))
                .isNotEqualTo(stored.key());
    }

    @Test
    void initRefusesADataDirectoryWhoseKeyStoreBelongsToAnotherIdentity() throws Exception {
        Path data = Files.createDirectories(dir.resolve("used"));
        Files.writeString(data.resolve("key_store"), "records of another server");
        Path pw = Files.writeString(dir.resolve("pw"), new String(PASSWORD) + "\n");

        assertThat(run("init", "--data-dir", data.toString(), "--password-file", pw.toString(), "--rsa-bits", "2048"))
                .isEqualTo(ExitCode.IO);

        assertThat(err.toString()).startsWith("keygen-server: error: " + data.resolve("key_store")
                + " already exists and belongs to the server identity that wrote it");
        assertThat(data.resolve(ServerKeyFile.KEY_FILE)).doesNotExist();
    }

    @Test
    void aServerThatCannotListenLeavesNothingOnDisk() throws Exception {
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir.resolve("pki"), "keygen", Role.KEYGEN_SERVER, PASSWORD);
        Path pw = Files.writeString(dir.resolve("pw"), new String(PASSWORD) + "\n");
        Path data = dir.resolve("fresh").resolve("data");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(run("--identity", files.p12().toString(), "--password-file", pw.toString(), "--trust",
                    files.caPem().toString(), "--data-dir", data.toString(), "--participants", "2",
                    "--listen", "127.0.0.1:" + taken.getLocalPort())).isEqualTo(ExitCode.IO);
        }
        assertThat(err.toString()).startsWith("keygen-server: error: cannot listen on 127.0.0.1:");
        assertThat(data).doesNotExist();
    }

    @Test
    void readyLineSaysWhoCanReadNewKeys() {
        assertThat(Main.sealedTo(0)).isEqualTo("this server only (no --recipient)");
        assertThat(Main.sealedTo(1)).isEqualTo("this server and 1 --recipient distributor");
        assertThat(Main.sealedTo(2)).isEqualTo("this server and 2 --recipient distributors");
    }

    @Test
    void exportChecksTheOutputPathBeforeReadingAnything() {
        Path out = dir.resolve("nodir").resolve("x.txt");

        // No identity given: the path is checked first, so its error is the one reported.
        assertThat(run("export", "--key", "0123456789abcdef", "--as", "otp", "--out", out.toString()))
                .isEqualTo(ExitCode.IO);

        assertThat(err.toString()).startsWith("keygen-server: error: cannot write " + out + ": the directory "
                + out.getParent() + " does not exist");
        assertThat(err.toString()).contains("keygen-server: hint: create it first (mkdir -p " + out.getParent() + ")");
    }

    private static void assertOpensslLoads(Path file) throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            probe = null;
        }
        assumeTrue(probe != null && probe.waitFor() == 0, "openssl is not installed");
        Process p = new ProcessBuilder("openssl", "pkey", "-in", file.toString(), "-noout").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(file + ": " + output).isZero();
    }

    private static String[] args(String first, List<String> middle, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(middle);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void initMakesAnEncryptedKeyAndARequestThatTheServerRunsWithOnceCertified() throws Exception {
        Path data = dir.resolve("server");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, new String(PASSWORD) + "\n");
        assertThat(run("init", "--data-dir", data.toString(), "--name", "keygen9", "--password-file", pw.toString(),
                "--rsa-bits", "2048")).as(err.toString()).isZero();
        Path key = data.resolve(ServerKeyFile.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(run("init", "--data-dir", data.toString(), "--password-file", pw.toString(), "--rsa-bits", "2048"))
                .isEqualTo(ExitCode.IO);

        Path cert = dir.resolve("keygen9.pem");
        Pem.writeNew(cert, TestPki.ca().certify(Pem.readCertificationRequest(data.resolve(ServerKeyFile.REQUEST_FILE)),
                null, Role.KEYGEN_SERVER, Duration.ofDays(1)));
        Path caPem = dir.resolve("ca.pem");
        Pem.writeNew(caPem, TestPki.ca().certificate());

        ServerCredentials credentials = new ServerCredentials();
        credentials.certificateFile = cert;
        credentials.passwordFile = pw;
        credentials.trustFile = caPem;
        credentials.dataDir = data;
        Identity identity = credentials.identity();
        assertThat(identity.name()).isEqualTo("keygen9");
        assertThat(identity.role()).isEqualTo(Role.KEYGEN_SERVER);

        Path wrong = dir.resolve("wrong-pw");
        Files.writeString(wrong, "not it\n");
        ServerCredentials wrongPassword = new ServerCredentials();
        wrongPassword.certificateFile = cert;
        wrongPassword.passwordFile = wrong;
        wrongPassword.trustFile = caPem;
        wrongPassword.dataDir = data;
        assertThatThrownBy(wrongPassword::identity).isInstanceOf(CliException.class)
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.VERIFICATION);
    }

    @Test
    void refusesAnIdentityOfAnotherRoleAtStart() throws Exception {
        WrongRoleRun.assertRefused(dir, "keygen-server", new Main(), Role.KEYGEN_SERVER, Role.KEYGEN_CLIENT,
                "--participants", "2", "--listen", "127.0.0.1:0", "--data-dir", dir.resolve("data").toString());
    }
}
