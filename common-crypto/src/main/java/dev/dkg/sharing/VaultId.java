package dev.dkg.sharing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/** A vault's identifier: 16 random bytes, shown as 32 lower-case hex digits. Public, not secret. */
public final class VaultId {
    public static final int LENGTH = 16;
    private final byte[] bytes;

    private VaultId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static VaultId random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new VaultId(b);
    }

    public static VaultId fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a vault id is 16 bytes, not " + bytes.length);
        }
        return new VaultId(bytes.clone());
    }

    /** Parses the 32-hex-digit form; throws IllegalArgumentException with a plain message otherwise. */
    public static VaultId parse(String hex) {
        String h = hex.strip().toLowerCase(Locale.ROOT);
        if (h.length() != 2 * LENGTH || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a vault id is 32 hex digits, not '" + hex + "'");
        }
        return new VaultId(HexFormat.of().parseHex(h));
    }

    static VaultId read(WireReader r) throws WireFormatException {
        return new VaultId(r.bytes(LENGTH, "vault id"));
    }

    void write(WireWriter w) {
        w.bytes(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaultId v && Arrays.equals(bytes, v.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
