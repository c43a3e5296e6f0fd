package dev.dkg.pki;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.PasswordInput;
import dev.dkg.crypto.Secrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pki revoke}: adds one party's certificate to the CA's signed CRL, DIR/ca.crl. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke the certificate DIR/NAME.pem: DIR/ca.crl (a CRL signed by the CA in DIR/ca.p12) is "
                + "rewritten with every earlier revocation and this one.",
                "Every role given --crl DIR/ca.crl reads it again within a second, refuses the party at the "
                        + "handshake and closes its open sessions."})
final class RevokeCommand implements Callable<Integer> {
    static final String CRL_FILE = "ca.crl";
    private static final Map<String, Integer> REASONS = Map.of(
            "unspecified", CRLReason.unspecified,
            "key-compromise", CRLReason.keyCompromise,
            "affiliation-changed", CRLReason.affiliationChanged,
            "superseded", CRLReason.superseded,
            "cessation-of-operation", CRLReason.cessationOfOperation);

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The CA directory (ca.p12, NAME.pem).")
    Path dir;

    @Parameters(paramLabel = "NAME", arity = "0..1",
            description = "The party whose certificate DIR/NAME.pem is revoked. Without it, DIR/ca.crl is only "
                    + "(re-)signed with its current entries and a new next update (an empty list the first time).")
    String name;

    @Option(names = "--reason", paramLabel = "REASON",
            description = "key-compromise, affiliation-changed, superseded, cessation-of-operation or unspecified.")
    String reason;

    @Option(names = "--ca-password-file", paramLabel = "FILE",
            description = "File whose first line is the CA password. Without it, asked on the terminal.")
    Path caPasswordFile;

    @Option(names = "--crl-days", paramLabel = "DAYS", defaultValue = "30",
            description = "Days until the CRL's next update; readers keep an expired list but warn (default "
                    + "${DEFAULT-VALUE}). Run revoke again, or re-sign, before then.")
    int crlDays;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        if (crlDays < 1 || crlDays > 3650) {
            throw new CliException(ExitCode.USAGE, "--crl-days must be 1 to 3650");
        }
        if (name == null && reason != null) {
            throw new CliException(ExitCode.USAGE, "--reason needs the NAME of the party to revoke");
        }
        Integer code = null;
        if (name != null) {
            code = reason == null ? null : REASONS.get(reason.toLowerCase(Locale.ROOT));
            if (code == null) {
                throw new CliException(ExitCode.USAGE, reason == null ? "missing --reason" : "unknown reason '" + reason + "'",
                        "one of " + String.join(", ", REASONS.keySet().stream().sorted().toList()));
            }
        }
        X509Certificate certificate = name == null ? null : certificate(Arguments.partyName(name));
        CertificateAuthority ca = loadCa();
        if (certificate != null) {
            try {
                certificate.verify(ca.certificate().getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CliException(ExitCode.VERIFICATION, name + "'s certificate was not issued by the CA in " + dir);
            }
        }
        Path crlFile = dir.resolve(CRL_FILE);
        X509CRL previous = null;
        if (Files.exists(crlFile)) {
            try {
                // An expired list is still a good base: its signature is what matters here.
                previous = RevocationList.parse(crlFile);
                previous.verify(ca.certificate().getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CliException(ExitCode.VERIFICATION, "the existing " + crlFile + " does not verify: "
                        + e.getMessage(), "restore it from a backup; revoking anew would drop its revocations");
            }
            if (certificate != null && previous.getRevokedCertificate(certificate.getSerialNumber()) != null) {
                throw new CliException(ExitCode.USAGE, name + " is already revoked in " + crlFile);
            }
        }
        X509CRL crl = ca.revoke(previous, certificate == null ? null : certificate.getSerialNumber(),
                code == null ? 0 : code, Duration.ofDays(crlDays));
        write(crlFile, crl);
        PrintWriter out = spec.commandLine().getOut();
        if (certificate != null) {
            out.println("revoked " + name + " (serial " + certificate.getSerialNumber().toString(16) + ", "
                    + reason.toLowerCase(Locale.ROOT) + ")");
        }
        int count = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
        out.println("wrote " + crlFile + ": " + count + " revoked, next update " + crl.getNextUpdate().toInstant());
        out.flush();
        return ExitCode.OK;
    }

    private X509Certificate certificate(String party) throws IOException, GeneralSecurityException {
        Path pem = dir.resolve(party + ".pem");
        try {
            return Pem.readCertificates(pem).get(0);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "no certificate " + pem, "revoke names a party issued from " + dir);
        }
    }

    private CertificateAuthority loadCa() throws IOException, GeneralSecurityException {
        Path p12 = dir.resolve("ca.p12");
        char[] password = PasswordInput.read(caPasswordFile, "CA password for " + p12);
        try {
            return CertificateAuthority.load(p12, password);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "no CA in " + dir + ": " + p12 + " not found");
        } catch (UnrecoverableKeyException e) {
            throw new CliException(ExitCode.VERIFICATION, "wrong CA password or damaged file: " + p12);
        } finally {
            Secrets.wipe(password);
        }
    }

    /** Replaces the CRL atomically, so a reader sees the old list or the new one, never half of one. */
    private static void write(Path crlFile, X509CRL crl) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(crl);
        }
        Path temporary = crlFile.resolveSibling("." + crlFile.getFileName() + ".new");
        Files.writeString(temporary, text.toString(), StandardCharsets.US_ASCII);
        Files.move(temporary, crlFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
