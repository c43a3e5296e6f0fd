package dev.dkg.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Reads and writes the public PEM files of the PKI: certificates and PKCS#10 certification requests.
 * Readers accept only the expected kind of object; writers create new files and never overwrite.
 */
public final class Pem {
    private Pem() {}

    /** PEM text for the certificates, in order. */
    public static String encode(List<X509Certificate> certificates) {
        return encodeObjects(List.copyOf(certificates));
    }

    public static String encode(X509Certificate certificate) {
        return encodeObjects(List.of(certificate));
    }

    public static String encode(PKCS10CertificationRequest request) {
        return encodeObjects(List.of(request));
    }

    private static String encodeObjects(List<Object> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes the certificates to a new file; fails with FileAlreadyExistsException if it exists. */
    public static void writeNew(Path file, List<X509Certificate> certificates) throws IOException {
        writeNewText(file, encode(certificates));
    }

    public static void writeNew(Path file, X509Certificate certificate) throws IOException {
        writeNewText(file, encode(certificate));
    }

    public static void writeNew(Path file, PKCS10CertificationRequest request) throws IOException {
        writeNewText(file, encode(request));
    }

    private static void writeNewText(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** All certificates in the file, in order; at least one, and nothing but certificates. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return readCertificates(in, file.toString());
        }
    }

    /** All certificates in PEM {@code text}; at least one, and nothing but certificates. */
    public static List<X509Certificate> decodeCertificates(String text) throws CertificateException {
        try {
            return readCertificates(new StringReader(text), "PEM text");
        } catch (IOException e) {
            throw new CertificateException("malformed PEM text: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readCertificates(Reader in, String source)
            throws IOException, CertificateException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object o : readObjects(in, source)) {
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new CertificateException(source + " holds a " + kindOf(o) + " where a certificate was expected");
            }
            certificates.add(converter.getCertificate(holder));
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no PEM certificate in " + source);
        }
        return List.copyOf(certificates);
    }

    /** The single PKCS#10 request in the file. Its signature is not checked here. */
    public static PKCS10CertificationRequest readCertificationRequest(Path file) throws IOException {
        List<Object> objects;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            objects = readObjects(in, file.toString());
        }
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest request)) {
            throw new IOException(file + " must hold exactly one PEM certificate request (CERTIFICATE REQUEST)");
        }
        return request;
    }

    private static List<Object> readObjects(Reader in, String source) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(in)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports malformed DER inside PEM as assorted runtime exceptions.
            throw new IOException("malformed PEM in " + source + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private static String kindOf(Object o) {
        if (o instanceof PKCS10CertificationRequest) {
            return "certificate request";
        }
        String simple = o.getClass().getSimpleName();
        return simple.isEmpty() ? "PEM object" : simple;
    }
}
