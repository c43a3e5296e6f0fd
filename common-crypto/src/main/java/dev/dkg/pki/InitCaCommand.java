package dev.dkg.pki;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.KeyId;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.crypto.Secrets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pki init-ca}: creates the CA key (owner-only PKCS#12) and its public certificate. */
@Command(name = "init-ca", mixinStandardHelpOptions = true,
        description = {"Create a new certificate authority. Never overwrites.",
                "Writes DIR/ca.p12 (its private key, owner-only, password-protected) and DIR/ca.pem "
                        + "(its certificate: every party trusts it with --trust)."})
final class InitCaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "Directory for ca.p12 and ca.pem (created owner-only if missing).")
    Path dir;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the new CA password; without it, asked twice on the terminal.")
    Path passwordFile;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = CertificateAuthority.DEFAULT_NAME,
            description = "The CA's common name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--rsa-bits", paramLabel = "BITS", defaultValue = "" + Algorithms.RSA_BITS_DEFAULT,
            description = "RSA key size: 2048, 3072 or 4096 (default: ${DEFAULT-VALUE}).")
    int rsaBits;

    @Option(names = "--validity-days", paramLabel = "DAYS", defaultValue = "3650",
            description = "How long the CA certificate is valid (default: ${DEFAULT-VALUE}).")
    int validityDays;

    /** Shorter CA passwords get a warning. */
    static final int RECOMMENDED_PASSWORD_LENGTH = 12;

    @Override
    public Integer call() throws Exception {
        Arguments.rsaBits(rsaBits);
        Duration validity = Arguments.validity(validityDays);
        Path p12 = dir.resolve("ca.p12");
        Path pem = dir.resolve("ca.pem");
        Arguments.refuseExisting(p12, pem);
        char[] password = Arguments.newPassword(passwordFile, p12.toString());
        if (password.length < RECOMMENDED_PASSWORD_LENGTH) {
            // A warning, not a refusal: test and demo CAs use short ones; a real CA key deserves better.
            spec.commandLine().getErr().println("pki: warning: the CA password is only " + password.length
                    + " characters; anyone who copies ca.p12 can try short passwords quickly. Use "
                    + RECOMMENDED_PASSWORD_LENGTH + " or more (a phrase of several words)");
            spec.commandLine().getErr().flush();
        }
        CertificateAuthority ca;
        try {
            try {
                ca = CertificateAuthority.create(name, rsaBits, validity, new SecureRandom());
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            }
            SecretFiles.createPrivateDirectories(dir);
            ca.writeNew(p12, password);
        } finally {
            Secrets.wipe(password);
        }
        Pem.writeNew(pem, ca.certificate());
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + p12 + " (CA private key, owner-only; keep it offline)");
        out.println("wrote " + pem + " (CA certificate; every party trusts it with --trust)");
        out.println("CA " + ca.name() + ", fingerprint " + KeyId.of(ca.certificate().getPublicKey()).fingerprint()
                + ", valid until " + ca.certificate().getNotAfter().toInstant());
        out.flush();
        return ExitCode.OK;
    }
}
