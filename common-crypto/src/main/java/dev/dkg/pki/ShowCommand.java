package dev.dkg.pki;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.KeyId;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pki show}: prints who a certificate names, for how long, and its key fingerprint. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print name, role, validity and key fingerprint of each certificate in a PEM file.")
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.pem", description = "A certificate file (NAME.pem or ca.pem).")
    Path file;

    @Override
    public Integer call() throws Exception {
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "no such file: " + file);
        } catch (CertificateException e) {
            throw new CliException(ExitCode.IO, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < certificates.size(); i++) {
            if (i > 0) {
                out.println();
            }
            print(out, certificates.get(i));
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, X509Certificate certificate) {
        String role;
        String name;
        if (certificate.getBasicConstraints() >= 0) {
            name = Subject.commonName(certificate);
            role = "certificate authority";
        } else {
            try {
                Subject subject = Subject.of(certificate);
                name = subject.name();
                role = subject.role().label();
            } catch (CertificateException e) {
                name = Subject.commonName(certificate);
                role = "none (" + e.getMessage() + ")";
            }
        }
        out.println("name:        " + name);
        out.println("role:        " + role);
        out.println("issuer:      " + certificate.getIssuerX500Principal().getName());
        out.println("valid from:  " + certificate.getNotBefore().toInstant());
        out.println("valid until: " + certificate.getNotAfter().toInstant());
        out.println("key:         " + keyDescription(certificate));
        out.println("fingerprint: " + KeyId.of(certificate.getPublicKey()).fingerprint());
    }

    private static String keyDescription(X509Certificate certificate) {
        return certificate.getPublicKey() instanceof RSAPublicKey rsa
                ? "RSA " + rsa.getModulus().bitLength() + " bits"
                : certificate.getPublicKey().getAlgorithm();
    }
}
