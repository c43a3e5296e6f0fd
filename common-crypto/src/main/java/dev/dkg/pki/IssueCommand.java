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
import java.util.ArrayList;
import java.util.List;
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
                        + "owner-only, protected by the --password-file password) and DIR/NAME.pem. "
                        + "--name a,b,c issues several identities (same role and password) in one run.",
                "With --csr: verify the request's signature and write DIR/NAME.pem only; the party keeps its key. "
                        + "The roles take a PKCS#12: build it from the key and this certificate with "
                        + "'openssl pkcs12 -export -inkey KEY.pem -in NAME.pem -certfile DIR/ca.pem -out NAME.p12' "
                        + "(keygen-server init's key needs no PKCS#12: give --certificate NAME.pem).",
                "The --password-file password also unlocks the CA unless --ca-password-file is given."})
final class IssueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "The CA directory: holds ca.p12 and receives the new files.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME[,NAME…]",
            description = "The party's name, 1 to 64 of A-Z a-z 0-9 . _ - (with --csr: default is the request's CN); "
                    + "without --csr, several comma-separated names issue one identity each.")
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
        List<String> parties = new ArrayList<>();
        for (String n : name.split(",", -1)) {
            String party = Arguments.partyName(n.strip());
            if (parties.contains(party)) {
                throw new CliException(ExitCode.USAGE, "--name gives " + party + " twice");
            }
            parties.add(party);
        }
        int bits = Arguments.rsaBits(rsaBits == null ? Algorithms.RSA_BITS_DEFAULT : rsaBits);
        for (String party : parties) {
            // Every output is checked before the first key is made, so a clash never leaves half the names issued.
            Arguments.refuseExisting(dir.resolve(party + ".p12"), dir.resolve(party + ".pem"));
        }
        CertificateAuthority ca = loadCa();
        char[] password = Arguments.newPassword(passwordFile, parties.size() == 1
                ? dir.resolve(parties.get(0) + ".p12").toString() : "the new identities");
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (String party : parties) {
                Path p12 = dir.resolve(party + ".p12");
                Path pem = dir.resolve(party + ".pem");
                Identity identity;
                try {
                    identity = ca.issue(party, role, bits, validity);
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCode.USAGE, e.getMessage());
                }
                identity.writeNew(p12, password);
                Pem.writeNew(pem, identity.certificate());
                out.println("wrote " + p12 + " (private key and certificate, owner-only)");
                out.println("wrote " + pem + " (certificate)");
                report(out, identity.certificate());
            }
        } finally {
            Secrets.wipe(password);
        }
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
        PrintWriter err = spec.commandLine().getErr();
        err.println("pki: hint: the roles take a PKCS#12 identity; with the request's key in KEY.pem: openssl pkcs12 "
                + "-export -inkey KEY.pem -in " + pem + " -certfile " + dir.resolve("ca.pem") + " -out " + party + ".p12"
                + " (a keygen-server key from 'keygen-server init' needs none: pass --certificate " + pem + ")");
        err.flush();
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
