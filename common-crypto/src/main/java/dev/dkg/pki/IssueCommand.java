package dev.dkg.pki;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.PasswordInput;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.KeyId;
import dev.dkg.crypto.Secrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pki issue}: issues a party's identity from a fresh key, or certifies a party's PKCS#10 request. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a party's certificate with the CA in DIR/ca.p12. Never overwrites.",
                "Without --csr: make a key pair and write DIR/NAME.p12 (key, certificate and CA certificate; "
                        + "owner-only, protected by the --password-file password) and DIR/NAME.pem.",
                "With --csr: verify the request's signature and write DIR/NAME.pem only; the party keeps its key.",
                "The --password-file password also unlocks the CA unless --ca-password-file is given."})
final class IssueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "The CA directory: holds ca.p12 and receives the new files.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The party's name, 1 to 64 of A-Z a-z 0-9 . _ - (with --csr: default is the request's CN).")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", converter = RoleConverter.class,
            description = "keygen-server, keygen-client, otp-distributor, otp-requester, dealer or share-holder.")
    Role role;

    @Option(names = "--csr", paramLabel = "FILE", description = "A PEM certificate request to certify instead of making a key.")
    Path csr;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password for NAME.p12 (and the CA's, unless --ca-password-file)."
                    + " Without it, asked on the terminal.")
    Path passwordFile;

    @Option(names = "--ca-password-file", paramLabel = "FILE", description = "File whose first line is the CA password.")
    Path caPasswordFile;

    @Option(names = "--rsa-bits", paramLabel = "BITS",
            description = "RSA key size: 2048, 3072 or 4096 (default: " + Algorithms.RSA_BITS_DEFAULT + "; not with --csr).")
    Integer rsaBits;

    @Option(names = "--validity-days", paramLabel = "DAYS", defaultValue = "730",
            description = "How long the certificate is valid (default: ${DEFAULT-VALUE}).")
    int validityDays;

    @Override
    public Integer call() throws Exception {
        Duration validity = Arguments.validity(validityDays);
        return csr == null ? issueWithNewKey(validity) : certifyRequest(validity);
    }

    private int issueWithNewKey(Duration validity) throws IOException, GeneralSecurityException {
        if (name == null) {
            throw new CliException(ExitCode.USAGE, "--name is required unless --csr is given");
        }
        String party = Arguments.partyName(name);
        int bits = Arguments.rsaBits(rsaBits == null ? Algorithms.RSA_BITS_DEFAULT : rsaBits);
        Path p12 = dir.resolve(party + ".p12");
        Path pem = dir.resolve(party + ".pem");
        Arguments.refuseExisting(p12, pem);
        CertificateAuthority ca = loadCa();
        char[] password = Arguments.newPassword(passwordFile, p12.toString());
        Identity identity;
        try {
            identity = ca.issue(party, role, bits, validity);
            identity.writeNew(p12, password);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        } finally {
            Secrets.wipe(password);
        }
        Pem.writeNew(pem, identity.certificate());
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + p12 + " (private key and certificate, owner-only)");
        out.println("wrote " + pem + " (certificate)");
        report(out, identity.certificate());
        return ExitCode.OK;
    }

    private int certifyRequest(Duration validity) throws IOException, GeneralSecurityException {
        if (rsaBits != null) {
            throw new CliException(ExitCode.USAGE, "--rsa-bits does not apply to --csr: the requester made the key");
        }
        PKCS10CertificationRequest request;
        try {
            request = Pem.readCertificationRequest(csr);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "certificate request not found: " + csr);
        }
        String party;
        try {
            party = name != null ? Subject.checkName(name) : CertificateAuthority.requestedName(request);
        } catch (IllegalArgumentException | CertificateException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), "give the party's name with --name");
        }
        Path pem = dir.resolve(party + ".pem");
        Arguments.refuseExisting(pem);
        CertificateAuthority ca = loadCa();
        X509Certificate certificate;
        try {
            certificate = ca.certify(request, party, role, validity);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
        Pem.writeNew(pem, certificate);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + pem + " (certificate for the key in " + csr + ")");
        report(out, certificate);
        return ExitCode.OK;
    }

    private CertificateAuthority loadCa() throws IOException, GeneralSecurityException {
        Path p12 = dir.resolve("ca.p12");
        Path source = caPasswordFile != null ? caPasswordFile : passwordFile;
        char[] password = PasswordInput.read(source, "CA password for " + p12);
        try {
            return CertificateAuthority.load(p12, password);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "no CA in " + dir + ": " + p12 + " not found",
                    "create one with 'pki init-ca --dir " + dir + "'");
        } catch (UnrecoverableKeyException e) {
            throw new CliException(ExitCode.VERIFICATION, "wrong CA password or damaged file: " + p12,
                    caPasswordFile == null ? "if the CA has its own password, pass it with --ca-password-file" : null);
        } finally {
            Secrets.wipe(password);
        }
    }

    private static void report(PrintWriter out, X509Certificate certificate) {
        out.println(Subject.commonName(certificate) + " (" + role(certificate) + "), fingerprint "
                + KeyId.of(certificate.getPublicKey()).fingerprint() + ", valid until "
                + certificate.getNotAfter().toInstant());
        out.flush();
    }

    private static String role(X509Certificate certificate) {
        try {
            return Subject.of(certificate).role().label();
        } catch (CertificateException e) {
            return "no role";
        }
    }
}
