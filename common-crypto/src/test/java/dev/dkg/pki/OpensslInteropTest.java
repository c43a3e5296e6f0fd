package dev.dkg.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dkg.cli.Cli;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What we write, the openssl binary on this machine reads, and what it writes, we read. */
class OpensslInteropTest {
    private static boolean opensslInstalled;

    @TempDir
    Path dir;
    private Path passwordFile;

    record Result(int exitCode, String output) {}

    @BeforeAll
    static void findOpenssl() {
        try {
            opensslInstalled = run(Path.of("."), "openssl", "version").exitCode() == 0;
        } catch (IOException e) {
            opensslInstalled = false;
        }
    }

    @BeforeEach
    void requireOpenssl() throws IOException {
        assumeTrue(opensslInstalled, "openssl not installed");
        passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "interop pass\n");
    }

    private static Result run(Path cwd, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Result openssl(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        return run(dir, command);
    }

    @Test
    void showPrintsBothFingerprintsAsOpensslComputesThem() throws Exception {
        TestPki.writeFiles(dir, "dora", Role.DEALER, "interop pass".toCharArray());
        Result certificate = openssl("x509", "-noout", "-fingerprint", "-sha256", "-in", "dora.pem");
        Result publicKey = openssl("x509", "-noout", "-pubkey", "-in", "dora.pem");
        Files.writeString(dir.resolve("dora.pub"), publicKey.output());
        Result spki = openssl("pkey", "-pubin", "-in", "dora.pub", "-outform", "DER", "-out", "dora.spki");
        assertThat(spki.exitCode()).as(spki.output()).isZero();
        Result keyDigest = openssl("dgst", "-sha256", "-r", "dora.spki");
        StringWriter shown = new StringWriter();

        int code = Cli.commandLine("pki", new PkiMain()).setOut(new PrintWriter(shown, true))
                .execute("show", dir.resolve("dora.pem").toString());

        assertThat(code).isZero();
        // openssl: "sha256 Fingerprint=AB:CD:…" (the label's case varies between versions).
        String certificateFingerprint = certificate.output().strip().substring(certificate.output().indexOf('=') + 1);
        assertThat(shown.toString()).contains("cert sha256: " + certificateFingerprint);
        // The key fingerprint is the first 8 bytes of SHA-256 over the DER SubjectPublicKeyInfo.
        String keyHex = keyDigest.output().substring(0, 16);
        assertThat(shown.toString()).contains("fingerprint: " + keyHex.replaceAll("(..)(?!$)", "$1:"));
    }

    @Test
    void opensslVerifiesOurCertificateAgainstOurCa() throws Exception {
        TestPki.writeFiles(dir, "alice", Role.KEYGEN_CLIENT, "interop pass".toCharArray());

        Result verify = openssl("verify", "-CAfile", "ca.pem", "alice.pem");

        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output().trim()).isEqualTo("alice.pem: OK");
    }

    @Test
    void opensslOpensOurPkcs12WithThePasswordAndOnlyWithIt() throws Exception {
        TestPki.writeFiles(dir, "alice", Role.KEYGEN_CLIENT, "interop pass".toCharArray());
        Files.writeString(dir.resolve("bad-pw"), "not the pass\n");

        Result good = openssl("pkcs12", "-in", "alice.p12", "-passin", "file:pw", "-noout");
        Result bad = openssl("pkcs12", "-in", "alice.p12", "-passin", "file:bad-pw", "-noout");

        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(bad.exitCode()).isNotZero();
    }

    @Test
    void opensslReadsTheKeyAndBothCertificatesOutOfOurPkcs12() throws Exception {
        TestPki.writeFiles(dir, "alice", Role.KEYGEN_CLIENT, "interop pass".toCharArray());

        Result dump = openssl("pkcs12", "-in", "alice.p12", "-passin", "file:pw", "-nodes", "-info");

        assertThat(dump.exitCode()).as(dump.output()).isZero();
        assertThat(dump.output()).contains("PBES2", "AES-256-CBC", "BEGIN PRIVATE KEY")
                .contains("subject=OU = keygen-client, CN = alice", "subject=CN = " + TestPki.CA_NAME);
    }

    @Test
    void cliCaVerifiesWithOpensslAndItsKeyFileOpens() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine pki = Cli.commandLine("pki", new PkiMain()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err, true));

        assertThat(pki.execute("init-ca", "--dir", dir.toString(), "--password-file", passwordFile.toString(),
                "--rsa-bits", "2048")).as(err.toString()).isZero();
        assertThat(pki.execute("issue", "--dir", dir.toString(), "--name", "kim", "--role", "keygen-server",
                "--password-file", passwordFile.toString(), "--rsa-bits", "2048")).as(err.toString()).isZero();

        assertThat(openssl("verify", "-CAfile", "ca.pem", "kim.pem").output().trim()).isEqualTo("kim.pem: OK");
        assertThat(openssl("pkcs12", "-in", "ca.p12", "-passin", "file:pw", "-noout").exitCode()).isZero();
        assertThat(openssl("pkcs12", "-in", "kim.p12", "-passin", "file:pw", "-noout").exitCode()).isZero();
        assertThat(openssl("x509", "-in", "ca.pem", "-noout", "-text").output())
                .contains("CA:TRUE, pathlen:0", "Certificate Sign, CRL Sign");
    }

    @Test
    void partyWithAnOpensslKeyGetsCertifiedFromItsRequestAndLoadsItsOwnPkcs12() throws Exception {
        TestPki.writeCaFiles(dir, "interop pass".toCharArray());
        Result req = openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "ivy.key",
                "-subj", "/CN=ivy", "-out", "ivy.csr");
        assertThat(req.exitCode()).as(req.output()).isZero();

        StringWriter err = new StringWriter();
        int code = Cli.commandLine("pki", new PkiMain()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err, true)).execute("issue", "--csr", dir.resolve("ivy.csr").toString(),
                        "--dir", dir.toString(), "--role", "share-holder", "--password-file", passwordFile.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(openssl("verify", "-CAfile", "ca.pem", "ivy.pem").output().trim()).isEqualTo("ivy.pem: OK");

        Result export = openssl("pkcs12", "-export", "-inkey", "ivy.key", "-in", "ivy.pem", "-certfile", "ca.pem",
                "-passout", "file:pw", "-out", "ivy.p12");
        assertThat(export.exitCode()).as(export.output()).isZero();
        Identity ivy = Identity.load(dir.resolve("ivy.p12"), "interop pass".toCharArray());

        assertThat(ivy.name()).isEqualTo("ivy");
        assertThat(ivy.role()).isEqualTo(Role.SHARE_HOLDER);
        assertThat(TestPki.trust().validate(ivy.chain(), Instant.now(), Set.of(Role.SHARE_HOLDER)).name())
                .isEqualTo("ivy");
        assertThat(Pem.readCertificates(dir.resolve("ivy.pem"))).isEqualTo(List.of(ivy.certificate()));
    }
}
