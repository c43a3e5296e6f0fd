package dev.dkg.keygen;

import dev.dkg.crypto.RsaPss;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key_store record that names the keygen server signing the records after it: {@code magic "DKGSIGNR" |
 * version u8 | store-id 16B | count u8 (1..4) | certificate bytes32 … | signature bytes16}, the signature being
 * RSASSA-PSS by the leaf certificate's key over {@code "dkg key store signer v1" |} every byte before it.
 * Public: a reader validates the chain against its own CA, so the record needs no secrecy.
 */
public final class SignerRecord {
    /** Starts with 'D' (0x44), so it is never mistaken for an envelope, which starts with version 0x01. */
    static final byte[] MAGIC = RoundTranscript.ascii("DKGSIGNR");
    public static final int VERSION = 1;
    private static final byte[] SIGNATURE_LABEL = RoundTranscript.ascii("dkg key store signer v1");
    private static final int MAX_CERTIFICATE_BYTES = 16 * 1024;

    private final byte[] storeId;
    private final List<X509Certificate> chain;

    public SignerRecord(byte[] storeId, List<X509Certificate> chain) {
        if (storeId.length != 16) {
            throw new IllegalArgumentException("store id must be 16 bytes");
        }
        if (chain.isEmpty() || chain.size() > 4) {
            throw new IllegalArgumentException("a signer chain has 1 to 4 certificates");
        }
        this.storeId = storeId.clone();
        this.chain = List.copyOf(chain);
    }

    /** True if {@code payload} is a signer record rather than a sealed key record. */
    public static boolean isSignerRecord(byte[] payload) {
        return payload.length >= MAGIC.length && Arrays.equals(payload, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The record, signed with the private key of the chain's first certificate. */
    public byte[] encode(PrivateKey signerKey) throws GeneralSecurityException {
        byte[] unsigned = unsigned();
        byte[] signature = RsaPss.sign(signerKey, signedMessage(unsigned));
        return new WireWriter(unsigned.length + signature.length + 2).bytes(unsigned).u16(signature.length)
                .bytes(signature).toByteArray();
    }

    private byte[] unsigned() throws CertificateEncodingException {
        WireWriter w = new WireWriter(4096).bytes(MAGIC).u8(VERSION).bytes(storeId).count8(chain.size());
        for (X509Certificate c : chain) {
            w.varBytes(c.getEncoded());
        }
        return w.toByteArray();
    }

    /**
     * Parses a signer record of the store {@code storeId} and checks its signature with its own leaf key
     * (proof that whoever wrote it holds that key); the caller still validates the chain against its CA.
     */
    public static SignerRecord decodeAndVerify(byte[] payload, byte[] storeId)
            throws WireFormatException, SignatureException {
        WireReader r = new WireReader(payload);
        if (!Arrays.equals(r.bytes(MAGIC.length, "magic"), MAGIC)) {
            throw new WireFormatException("not a signer record");
        }
        int version = r.u8("signer record version");
        if (version != VERSION) {
            throw new WireFormatException("signer record version " + version + " is not " + VERSION);
        }
        byte[] recordStoreId = r.bytes(16, "store id");
        int count = r.count8(1, 4, "certificate");
        List<X509Certificate> chain = new ArrayList<>(count);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < count; i++) {
                byte[] der = r.varBytes(MAX_CERTIFICATE_BYTES, "certificate");
                X509Certificate c = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
                if (!Arrays.equals(c.getEncoded(), der)) {
                    throw new WireFormatException("certificate is not canonical DER");
                }
                chain.add(c);
            }
        } catch (CertificateException e) {
            throw new WireFormatException("unreadable certificate in signer record: " + e.getMessage());
        }
        int signedLength = r.position();
        byte[] signature = r.shortBytes(512, "signature");
        r.finish();
        if (!Arrays.equals(recordStoreId, storeId)) {
            throw new WireFormatException("signer record belongs to another store");
        }
        RsaPss.verify(chain.get(0).getPublicKey(), signedMessage(Arrays.copyOf(payload, signedLength)), signature);
        return new SignerRecord(recordStoreId, chain);
    }

    private static byte[] signedMessage(byte[] unsigned) {
        return new WireWriter(unsigned.length + 32).bytes(SIGNATURE_LABEL).bytes(unsigned).toByteArray();
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** True if this record names exactly {@code other} (same certificates in the same order). */
    public boolean names(List<X509Certificate> other) {
        if (other.size() != chain.size()) {
            return false;
        }
        try {
            for (int i = 0; i < chain.size(); i++) {
                if (!Arrays.equals(chain.get(i).getEncoded(), other.get(i).getEncoded())) {
                    return false;
                }
            }
            return true;
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}
