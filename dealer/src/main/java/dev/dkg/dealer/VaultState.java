package dev.dkg.dealer;

import dev.dkg.sharing.VaultId;
import dev.dkg.vss.Commitments;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The public part of a vault the dealer keeps (docs/storage.md, "Vault"): which sharing is in force and
 * who holds it. {@code vault-id 16B | epoch u32 | last-epoch-used u32 | created u64 (Unix seconds) | file
 * name string | file length u64 | holder count u8 | (name string | certificate bytes16)… | commitments
 * bytes16}. Holder i (1-based) holds share x = i. No secret is in it.
 */
record VaultState(VaultId vault, long epoch, long lastEpochUsed, long created, String fileName, long fileLength,
                  List<Holder> holders, Commitments commitments) {
    /** A holder of the sharing in force, with the certificate its share was sealed for. */
    record Holder(String name, X509Certificate certificate) {}

    VaultState {
        holders = List.copyOf(holders);
    }

    int threshold() {
        return commitments.threshold();
    }

    List<String> holderNames() {
        return holders.stream().map(Holder::name).toList();
    }

    /** The 1-based x of {@code name}, or 0 if it is not a holder. */
    int xOf(String name) {
        for (int i = 0; i < holders.size(); i++) {
            if (holders.get(i).name().equals(name)) {
                return i + 1;
            }
        }
        return 0;
    }

    VaultState withLastEpochUsed(long used) {
        return new VaultState(vault, epoch, used, created, fileName, fileLength, holders, commitments);
    }

    VaultState next(long newEpoch, List<Holder> newHolders, Commitments newCommitments) {
        return new VaultState(vault, newEpoch, Math.max(newEpoch, lastEpochUsed), created, fileName, fileLength,
                newHolders, newCommitments);
    }

    byte[] encode() {
        WireWriter w = new WireWriter(4096);
        w.bytes(vault.bytes()).u32(epoch).u32(lastEpochUsed).u64(created).string(fileName).u64(fileLength)
                .count8(holders.size());
        try {
            for (Holder h : holders) {
                byte[] der = h.certificate().getEncoded();
                w.string(h.name()).u16(der.length).bytes(der);
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("holder certificate does not encode", e);
        }
        byte[] c = commitments.toBytes();
        return w.u16(c.length).bytes(c).toByteArray();
    }

    static VaultState decode(byte[] bytes) throws WireFormatException {
        WireReader r = new WireReader(bytes);
        VaultId vault = VaultId.fromBytes(r.bytes(VaultId.LENGTH, "vault id"));
        long epoch = r.u32("epoch");
        long used = r.u32("last epoch used");
        long created = r.u64("created");
        String fileName = r.string(1024, "file name");
        long fileLength = r.u64("file length");
        int count = r.count8(2, 255, "holder");
        List<Holder> holders = new ArrayList<>(count);
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < count; i++) {
                String name = r.string(64, "holder name");
                byte[] der = r.shortBytes(16 * 1024, "holder certificate");
                holders.add(new Holder(name, (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der))));
            }
        } catch (CertificateException e) {
            throw new WireFormatException("holder certificate does not parse");
        }
        byte[] c = r.shortBytes(1 + 255 * 33, "commitments");
        r.finish();
        try {
            return new VaultState(vault, epoch, used, created, fileName, fileLength, holders, Commitments.fromBytes(c));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("commitments: " + e.getMessage());
        }
    }
}
