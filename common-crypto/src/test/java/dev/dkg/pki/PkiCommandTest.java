package dev.dkg.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import dev.dkg.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PkiCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path passwordFile;

    @BeforeEach
    void passwordFile() throws Exception {
        passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "correct horse battery\n");
    }

    private int pki(String... args) {
        CommandLine cl = Cli.commandLine("pki", new PkiMain());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String permissions(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void initCaThenIssueWritesOwnerOnlyKeyFilesThatLoadAndValidate() throws Exception {
        Path ca = dir.resolve("ca");

        assertThat(pki("init-ca", "--dir", ca.toString(), "--password-file", passwordFile.toString(),
                "--rsa-bits", "2048", "--name", "Test Root")).as(err.toString()).isZero();
        assertThat(pki("issue", "--dir", ca.toString(), "--name", "alice", "--role", "keygen-client",
                "--password-file", passwordFile.toString(), "--rsa-bits", "2048")).as(err.toString()).isZero();

        assertThat(permissions(ca)).isEqualTo("rwx------");
        assertThat(permissions(ca.resolve("ca.p12"))).isEqualTo("rw-------");
        assertThat(permissions(ca.resolve("alice.p12"))).isEqualTo("rw-------");
        assertThat(out.toString()).contains("wrote " + ca.resolve("ca.p12"), "wrote " + ca.resolve("ca.pem"),
                "wrote " + ca.resolve("alice.p12"), "wrote " + ca.resolve("alice.pem"), "fingerprint");
        Identity alice = Identity.load(ca.resolve("alice.p12"), "correct horse battery".toCharArray());
        TrustAnchor trust = TrustAnchor.load(ca.resolve("ca.pem"));
        assertThat(trust.caCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=Test Root");
        assertThat(trust.validate(alice.chain(), Instant.now(), Set.of(Role.KEYGEN_CLIENT)).name()).isEqualTo("alice");
        assertThat(alice.chain()).hasSize(2).element(1).isEqualTo(trust.caCertificate());
        assertThat(Pem.readCertificates(ca.resolve("alice.pem"))).containsExactly(alice.certificate());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void issueRefusesToOverwriteAnExistingIdentityAndLeavesItUnchanged() throws Exception {
        TestPki.writeCaFiles(dir, "correct horse battery".toCharArray());
        Path existing = dir.resolve("alice.p12");
        Files.writeString(existing, "precious");

        int code = pki("issue", "--dir", dir.toString(), "--name", "alice", "--role", "dealer",
                "--password-file", passwordFile.toString(), "--rsa-bits", "2048");

        assertThat(code).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).startsWith("pki: error: refusing to overwrite existing file: " + existing);
        assertThat(Files.readString(existing)).isEqualTo("precious");
        assertThat(dir.resolve("alice.pem")).doesNotExist();
    }

    @Test
    void initCaRefusesToOverwriteAnExistingCa() throws Exception {
        TestPki.writeCaFiles(dir, "pw".toCharArray());
        byte[] before = Files.readAllBytes(dir.resolve("ca.p12"));

        assertThat(pki("init-ca", "--dir", dir.toString(), "--password-file", passwordFile.toString(),
                "--rsa-bits", "2048")).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).contains("refusing to overwrite existing file");
        assertThat(Files.readAllBytes(dir.resolve("ca.p12"))).isEqualTo(before);
    }

    @Test
    void missingPasswordFileExitsFive() {
        int code = pki("init-ca", "--dir", dir.resolve("ca").toString(), "--password-file",
                dir.resolve("absent").toString(), "--rsa-bits", "2048");

        assertThat(code).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).startsWith("pki: error: password file not found: " + dir.resolve("absent"));
        assertThat(dir.resolve("ca")).doesNotExist();
    }

    @Test
    void unknownRoleIsAUsageErrorListingTheRoles() {
        int code = pki("issue", "--dir", dir.toString(), "--name", "alice", "--role", "admin",
                "--password-file", passwordFile.toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown role 'admin'", "keygen-server", "share-holder");
    }

    @Test
    void malformedNameIsAUsageError() {
        int code = pki("issue", "--dir", dir.toString(), "--name", "../etc/passwd", "--role", "dealer",
                "--password-file", passwordFile.toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("pki: error: bad name '../etc/passwd'");
    }

    @Test
    void unsupportedKeySizeIsAUsageError() {
        assertThat(pki("init-ca", "--dir", dir.toString(), "--password-file", passwordFile.toString(),
                "--rsa-bits", "1024")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("RSA key size must be 2048, 3072 or 4096, not 1024");
    }

    @Test
    void wrongCaPasswordExitsThreeAndWritesNothing() throws Exception {
        TestPki.writeCaFiles(dir, "the CA's own password".toCharArray());

        int code = pki("issue", "--dir", dir.toString(), "--name", "alice", "--role", "dealer",
                "--password-file", passwordFile.toString(), "--rsa-bits", "2048");

        assertThat(code).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err.toString()).startsWith("pki: error: wrong CA password or damaged file: " + dir.resolve("ca.p12"))
                .contains("pki: hint: if the CA has its own password, pass it with --ca-password-file");
        assertThat(dir.resolve("alice.p12")).doesNotExist();
    }

    @Test
    void separateCaPasswordFileUnlocksTheCa() throws Exception {
        TestPki.writeCaFiles(dir, "the CA's own password".toCharArray());
        Path caPassword = dir.resolve("ca-pw");
        Files.writeString(caPassword, "the CA's own password\n");

        int code = pki("issue", "--dir", dir.toString(), "--name", "bob", "--role", "share-holder",
                "--password-file", passwordFile.toString(), "--ca-password-file", caPassword.toString(),
                "--rsa-bits", "2048");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Identity.load(dir.resolve("bob.p12"), "correct horse battery".toCharArray()).role())
                .isEqualTo(Role.SHARE_HOLDER);
    }

    @Test
    void missingCaExitsFiveWithAHint() {
        int code = pki("issue", "--dir", dir.toString(), "--name", "alice", "--role", "dealer",
                "--password-file", passwordFile.toString());

        assertThat(code).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).contains("no CA in " + dir, "pki init-ca");
    }

    @Test
    void issueFromCsrWritesOnlyTheCertificateForTheRequestersKey() throws Exception {
        TestPki.writeCaFiles(dir, "correct horse battery".toCharArray());
        KeyPair key = TestPki.keyPair("csr-party");
        Path csr = dir.resolve("carol.csr");
        Pem.writeNew(csr, request("CN=carol", key));

        int code = pki("issue", "--csr", csr.toString(), "--dir", dir.toString(), "--role", "otp-requester",
                "--password-file", passwordFile.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(dir.resolve("carol.p12")).doesNotExist();
        List<java.security.cert.X509Certificate> certs = Pem.readCertificates(dir.resolve("carol.pem"));
        assertThat(certs).hasSize(1);
        assertThat(certs.get(0).getPublicKey()).isEqualTo(key.getPublic());
        PeerIdentity carol = TestPki.trust().validate(certs, Instant.now(), Set.of(Role.OTP_REQUESTER));
        assertThat(carol.name()).isEqualTo("carol");
    }

    @Test
    void issueFromCsrRejectsATamperedRequest() throws Exception {
        TestPki.writeCaFiles(dir, "correct horse battery".toCharArray());
        byte[] der = request("CN=carol", TestPki.keyPair("csr-party")).getEncoded();
        der[der.length - 3] ^= 0x01; // inside the request's signature
        Path csr = dir.resolve("carol.csr");
        Pem.writeNew(csr, new PKCS10CertificationRequest(der));

        int code = pki("issue", "--csr", csr.toString(), "--dir", dir.toString(), "--role", "otp-requester",
                "--password-file", passwordFile.toString());

        assertThat(code).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err.toString()).contains("certificate request signature does not verify");
        assertThat(dir.resolve("carol.pem")).doesNotExist();
    }

    @Test
    void showPrintsNameRoleValidityAndFingerprint() throws Exception {
        Path pem = TestPki.writeFiles(dir, "dora", Role.DEALER, "pw".toCharArray()).certificatePem();
        Identity dora = TestPki.identity("dora", Role.DEALER);

        assertThat(pki("show", pem.toString())).isZero();

        assertThat(out.toString()).contains("name:        dora", "role:        dealer",
                "valid until: " + dora.certificate().getNotAfter().toInstant(),
                "fingerprint: " + dora.keyId().fingerprint());
    }

    @Test
    void showOfTheCaCertificateSaysItIsTheAuthority() throws Exception {
        Path caPem = TestPki.writeCaFiles(dir, "pw".toCharArray()).caPem();

        assertThat(pki("show", caPem.toString())).isZero();

        assertThat(out.toString()).contains("name:        " + TestPki.CA_NAME, "role:        certificate authority");
    }

    @Test
    void showJsonIsOneDocumentWithEveryField() throws Exception {
        Path pem = TestPki.writeFiles(dir, "dora", Role.DEALER, "pw".toCharArray()).certificatePem();
        Identity dora = TestPki.identity("dora", Role.DEALER);

        assertThat(pki("show", "--json", pem.toString())).as(err.toString()).isZero();

        String json = out.toString();
        assertThat(json.lines().count()).isEqualTo(1);
        assertThat(json).startsWith("{\"file\":\"" + pem + "\",\"certificates\":[{\"name\":\"dora\",\"role\":\"dealer\",")
                .contains("\"valid_until\":\"" + dora.certificate().getNotAfter().toInstant() + "\"",
                        "\"fingerprint\":\"" + dora.keyId().fingerprint() + "\"", "\"certificate_sha256\":\"",
                        "\"key\":\"RSA ")
                .endsWith("}]}" + System.lineSeparator());
    }

    @Test
    void showOfAPkcs12FileSaysItTakesAPem() throws Exception {
        Path p12 = TestPki.writeFiles(dir, "dora", Role.DEALER, "pw".toCharArray()).p12();

        assertThat(pki("show", p12.toString())).isEqualTo(ExitCode.USAGE);

        assertThat(err.toString()).contains("pki: error: " + p12 + " is a binary (DER or PKCS#12) file; pki show takes a PEM",
                "pki: hint: show the NAME.pem");
    }

    @Test
    void issueWithSeveralNamesIssuesEachInOneRun() throws Exception {
        TestPki.writeCaFiles(dir, "correct horse battery".toCharArray());

        assertThat(pki("issue", "--dir", dir.toString(), "--name", "h1,h2,h3", "--role", "share-holder",
                "--password-file", passwordFile.toString(), "--rsa-bits", "2048")).as(err.toString()).isZero();

        TrustAnchor trust = TrustAnchor.load(dir.resolve("ca.pem"));
        for (String name : List.of("h1", "h2", "h3")) {
            Identity holder = Identity.load(dir.resolve(name + ".p12"), "correct horse battery".toCharArray());
            assertThat(trust.validate(holder.chain(), Instant.now(), Set.of(Role.SHARE_HOLDER)).name()).isEqualTo(name);
            assertThat(out.toString()).contains("wrote " + dir.resolve(name + ".pem"));
        }
    }

    @Test
    void issueWithSeveralNamesChecksEveryOutputBeforeIssuingAny() throws Exception {
        TestPki.writeCaFiles(dir, "correct horse battery".toCharArray());
        Files.writeString(dir.resolve("h2.pem"), "precious");

        assertThat(pki("issue", "--dir", dir.toString(), "--name", "h1,h2", "--role", "share-holder",
                "--password-file", passwordFile.toString(), "--rsa-bits", "2048")).isEqualTo(ExitCode.IO);

        assertThat(dir.resolve("h1.p12")).doesNotExist();
        assertThat(Files.readString(dir.resolve("h2.pem"))).isEqualTo("precious");
        assertThat(pki("issue", "--dir", dir.toString(), "--name", "h1,h1", "--role", "share-holder",
                "--password-file", passwordFile.toString())).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void shortCaPasswordGetsAWarning() throws Exception {
        Path shortPassword = Files.writeString(dir.resolve("short"), "abc123\n");

        assertThat(pki("init-ca", "--dir", dir.resolve("ca").toString(), "--password-file", shortPassword.toString(),
                "--rsa-bits", "2048")).isZero();

        assertThat(err.toString()).startsWith("pki: warning: the CA password is only 6 characters");
        err.getBuffer().setLength(0);
        assertThat(pki("init-ca", "--dir", dir.resolve("ca2").toString(), "--password-file", passwordFile.toString(),
                "--rsa-bits", "2048")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(pki()).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("pki: error: missing subcommand");
    }

    static PKCS10CertificationRequest request(String subject, KeyPair key) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate()));
    }
}
