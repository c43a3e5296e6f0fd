package dev.dkg.pki;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.JsonWriter;
import dev.dkg.crypto.KeyId;
import dev.dkg.crypto.Sha256;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pki show}: prints who a certificate names, for how long, and its fingerprints: the key fingerprint the
 * roles print (first 8 bytes of SHA-256 over the SubjectPublicKeyInfo) and the certificate's SHA-256 in the
 * form {@code openssl x509 -fingerprint -sha256} prints.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print name, role, validity and fingerprints of each certificate in a PEM file.",
                "fingerprint: the key fingerprint every role prints (SHA-256 of the public key, first 8 bytes);",
                "cert sha256: the certificate's, as 'openssl x509 -noout -fingerprint -sha256 -in FILE.pem' prints it."})
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.pem", description = "A certificate file (NAME.pem or ca.pem).")
    Path file;

    @Option(names = "--json", description = "One JSON document on stdout: {\"file\", \"certificates\": [{\"name\", "
            + "\"role\", \"issuer\", \"valid_from\", \"valid_until\", \"key\", \"fingerprint\", "
            + "\"certificate_sha256\"}]}.")
    boolean json;

    /** One certificate as shown. */
    private record Shown(String name, String role, String issuer, String validFrom, String validUntil, String key,
                         String fingerprint, String certificateSha256) {}

    @Override
    public Integer call() throws Exception {
        refuseNonPem(file);
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "no such file: " + file);
        } catch (CertificateException | java.nio.charset.CharacterCodingException e) {
            throw new CliException(ExitCode.IO, file + " holds no PEM certificate (" + e.getMessage() + ")",
                    "pki show takes a PEM certificate: NAME.pem or ca.pem");
        }
        List<Shown> shown = certificates.stream().map(ShowCommand::shown).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonWriter w = new JsonWriter().beginObject().field("file", file.toString()).name("certificates").beginArray();
            for (Shown c : shown) {
                w.beginObject().field("name", c.name()).field("role", c.role()).field("issuer", c.issuer())
                        .field("valid_from", c.validFrom()).field("valid_until", c.validUntil()).field("key", c.key())
                        .field("fingerprint", c.fingerprint()).field("certificate_sha256", c.certificateSha256())
                        .endObject();
            }
            out.println(w.endArray().endObject());
        } else {
            for (int i = 0; i < shown.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                print(out, shown.get(i));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /** A PKCS#12 identity (binary DER, starting with a SEQUENCE byte) is the usual mistake: say what to give. */
    private static void refuseNonPem(Path file) throws java.io.IOException {
        byte[] start = new byte[1];
        try (var in = java.nio.file.Files.newInputStream(file)) {
            if (in.read(start) != 1) {
                throw new CliException(ExitCode.IO, file + " is empty", "pki show takes a PEM certificate: NAME.pem or ca.pem");
            }
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "no such file: " + file);
        }
        if (start[0] == 0x30) {
            throw new CliException(ExitCode.USAGE, file + " is a binary (DER or PKCS#12) file; pki show takes a PEM certificate",
                    "show the NAME.pem that 'pki issue' wrote next to NAME.p12 (or ca.pem for the CA)");
        }
    }

    private static Shown shown(X509Certificate certificate) {
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
        return new Shown(name, role, certificate.getIssuerX500Principal().getName(),
                certificate.getNotBefore().toInstant().toString(), certificate.getNotAfter().toInstant().toString(),
                keyDescription(certificate), KeyId.of(certificate.getPublicKey()).fingerprint(),
                certificateSha256(certificate));
    }

    private static void print(PrintWriter out, Shown c) {
        out.println("name:        " + c.name());
        out.println("role:        " + c.role());
        out.println("issuer:      " + c.issuer());
        out.println("valid from:  " + c.validFrom());
        out.println("valid until: " + c.validUntil());
        out.println("key:         " + c.key());
        out.println("fingerprint: " + c.fingerprint());
        out.println("cert sha256: " + c.certificateSha256());
    }

    /** SHA-256 of the certificate's DER encoding, upper-case hex with colons, exactly as openssl prints it. */
    static String certificateSha256(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(Sha256.of(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyDescription(X509Certificate certificate) {
        return certificate.getPublicKey() instanceof RSAPublicKey rsa
                ? "RSA " + rsa.getModulus().bitLength() + " bits"
                : certificate.getPublicKey().getAlgorithm();
    }
}
