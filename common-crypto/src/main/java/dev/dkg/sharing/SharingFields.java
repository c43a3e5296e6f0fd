package dev.dkg.sharing;

import dev.dkg.crypto.Algorithms;
import dev.dkg.pki.Subject;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Share;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The field encodings the sharing messages have in common, each decoded strictly (docs/protocol.md,
 * "Threshold sharing"): commitments as bytes16, shares as 33 bytes, party names as strings that must be
 * well-formed names, certificates as bytes16 of canonical DER.
 */
final class SharingFields {
    static final int MAX_COMMITMENTS_BYTES = 1 + 255 * 33;
    static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
    static final int MAX_NAME_BYTES = 64;
    static final int NONCE_BYTES = 32;
    static final int MAX_SIGNATURE_BYTES = 512;

    private SharingFields() {}

    static void writeCommitments(WireWriter w, Commitments c) {
        byte[] b = c.toBytes();
        w.u16(b.length).bytes(b);
    }

    static Commitments readCommitments(WireReader r, String field) throws WireFormatException {
        byte[] b = r.shortBytes(MAX_COMMITMENTS_BYTES, field);
        try {
            return Commitments.fromBytes(b);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(field + ": " + e.getMessage());
        }
    }

    static Share readShare(WireReader r, String field) throws WireFormatException {
        byte[] b = r.bytes(Share.ENCODED_BYTES, field);
        try {
            return Share.fromBytes(b);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(field + ": " + e.getMessage());
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    static String readName(WireReader r, String field) throws WireFormatException {
        String name = r.string(MAX_NAME_BYTES, field);
        if (!Subject.NAME.matcher(name).matches()) {
            throw new WireFormatException(field + " is not a well-formed party name");
        }
        return name;
    }

    static void writeCertificate(WireWriter w, X509Certificate c) {
        try {
            byte[] der = c.getEncoded();
            w.u16(der.length).bytes(der);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate does not encode", e);
        }
    }

    static X509Certificate readCertificate(WireReader r, String field) throws WireFormatException {
        byte[] der = r.shortBytes(MAX_CERTIFICATE_BYTES, field);
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance(Algorithms.X509)
                    .generateCertificate(new ByteArrayInputStream(der));
            if (!Arrays.equals(c.getEncoded(), der)) {
                throw new WireFormatException(field + " is not canonical DER");
            }
            return c;
        } catch (CertificateException | RuntimeException e) {
            throw new WireFormatException(field + " does not parse as a certificate");
        }
    }

    static byte[] readSignature(WireReader r, String field) throws WireFormatException {
        byte[] s = r.shortBytes(MAX_SIGNATURE_BYTES, field);
        if (s.length == 0) {
            throw new WireFormatException(field + " is empty");
        }
        return s;
    }

    static int readX(WireReader r, String field) throws WireFormatException {
        int x = r.u8(field);
        if (x == 0) {
            throw new WireFormatException(field + " is 0");
        }
        return x;
    }

    static long readEpoch(WireReader r, String field) throws WireFormatException {
        return r.u32(field);
    }
}
