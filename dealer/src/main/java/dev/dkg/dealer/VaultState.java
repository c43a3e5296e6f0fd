package dev.dkg.dealer;

import dev.dkg.crypto.KeyId;
import dev.dkg.sharing.SharingKinds;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The public part of a vault the dealer keeps (docs/storage.md, "Vault"): which sharing is in force and
 * who holds it. {@code vault-id 16B | epoch u32 | last-epoch-used u32 | created u64 (Unix seconds) | file
 * name string | file length u64 | holder count u8 | (name string | certificate bytes16)… | commitments
 * bytes16 | pending count u8 | (name string | notice kind u16 | epoch u32 | key id 32B)… | label string}. Holder i (1-based)
 * holds share x = i. The pending list names the holders that have not yet confirmed (NOTICE_DONE) an
 * EPOCH_COMMIT or SHARE_DELETE; a record without it (written before it existed) has none, and one without the
 * label (the name given with {@code split --label}) has an empty label. No secret is in it.
 */
record VaultState(VaultId vault, long epoch, long lastEpochUsed, long created, String fileName, long fileLength,
                  List<Holder> holders, Commitments commitments, List<Pending> pending, String label) {
    /** Longest label, in UTF-8 bytes. */
    static final int MAX_LABEL = 200;

    /** A holder of the sharing in force, with the certificate its share was sealed for. */
    record Holder(String name, X509Certificate certificate) {}

    /** A notice a holder has not yet confirmed, to be sent again whenever it connects with that key. */
    record Pending(String name, int kind, long epoch, KeyId key) {
        String describe() {
            return name + (kind == SharingKinds.SHARE_DELETE ? " (delete)" : " (commit of epoch " + epoch + ")");
        }
    }

    VaultState {
        holders = List.copyOf(holders);
        pending = List.copyOf(pending);
        label = label == null ? "" : label;
    }

    /** The state of a vault just split: epoch 0, with its commit pending at every holder. */
    static VaultState first(VaultId vault, long created, String fileName, long fileLength, List<Holder> holders,
                            Commitments commitments, String label) {
        return new VaultState(vault, 0, 0, created, fileName, fileLength, holders, commitments, List.of(), label)
                .next(0, holders, commitments);
    }

    /** One line for listings: "id: 2-of-3 alice,bob,carol, epoch 1, file notes.txt, created …". */
    String summary() {
        return vault + (label.isEmpty() ? "" : " \"" + label + "\"") + ": " + threshold() + "-of-" + holders.size() + " " + String.join(",", holderNames())
                + ", epoch " + epoch + ", file " + fileName + ", created " + java.time.Instant.ofEpochSecond(created);
    }

    List<String> pendingNames() {
        return pending.stream().map(Pending::name).distinct().toList();
    }

    VaultState withPending(List<Pending> list) {
        return new VaultState(vault, epoch, lastEpochUsed, created, fileName, fileLength, holders, commitments, list, label);
    }

    /**
     * The next sharing: the new holders and commitments under {@code newEpoch}, each new holder with a commit
     * pending, and a delete pending for every holder of this sharing (or pending delete) not among them.
     */
    VaultState next(long newEpoch, List<Holder> newHolders, Commitments newCommitments) {
        List<Pending> list = new ArrayList<>();
        Set<String> newNames = new HashSet<>();
        for (Holder h : newHolders) {
            newNames.add(h.name());
            list.add(new Pending(h.name(), SharingKinds.EPOCH_COMMIT, newEpoch, KeyId.of(h.certificate().getPublicKey())));
        }
        for (Holder h : holders) {
            if (!newNames.contains(h.name())) {
                list.add(new Pending(h.name(), SharingKinds.SHARE_DELETE, newEpoch,
                        KeyId.of(h.certificate().getPublicKey())));
            }
        }
        for (Pending p : pending) {
            if (p.kind() == SharingKinds.SHARE_DELETE && !newNames.contains(p.name())
                    && list.stream().noneMatch(q -> q.name().equals(p.name()))) {
                list.add(p);
            }
        }
        return new VaultState(vault, newEpoch, Math.max(newEpoch, lastEpochUsed), created, fileName, fileLength,
                newHolders, newCommitments, list, label);
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
        return new VaultState(vault, epoch, used, created, fileName, fileLength, holders, commitments, pending, label);
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
        w.u16(c.length).bytes(c).count8(pending.size());
        for (Pending p : pending) {
            w.string(p.name()).u16(p.kind()).u32(p.epoch()).bytes(p.key().bytes());
        }
        w.string(label);
        return w.toByteArray();
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
        List<Pending> pending = new ArrayList<>();
        if (r.remaining() > 0) {
            int n = r.count8(0, 255, "pending notice");
            for (int i = 0; i < n; i++) {
                String name = r.string(64, "pending holder name");
                int kind = r.u16("pending notice kind");
                if (kind != SharingKinds.EPOCH_COMMIT && kind != SharingKinds.SHARE_DELETE) {
                    throw new WireFormatException("pending notice kind " + kind);
                }
                pending.add(new Pending(name, kind, r.u32("pending epoch"), KeyId.fromBytes(r.bytes(KeyId.LENGTH,
                        "pending key id"))));
            }
        }
        String label = r.remaining() > 0 ? r.string(MAX_LABEL, "label") : "";
        r.finish();
        try {
            return new VaultState(vault, epoch, used, created, fileName, fileLength, holders, Commitments.fromBytes(c),
                    pending, label);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("commitments: " + e.getMessage());
        }
    }
}
