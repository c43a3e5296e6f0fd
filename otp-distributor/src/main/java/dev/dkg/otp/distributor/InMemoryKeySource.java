package dev.dkg.otp.distributor;

import dev.dkg.crypto.Secrets;
import dev.dkg.otp.Hotp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys held in memory: for tests, and for anything that builds keys itself. {@link #add} makes a key
 * visible at the next {@link #refresh()}, as a record appended to a store would be.
 */
public final class InMemoryKeySource implements KeySource {
    private record Entry(KeyInfo info, byte[] secret) {}

    private final Map<String, Entry> visible = new LinkedHashMap<>();
    private final List<Entry> pending = new ArrayList<>();

    /** Adds a key, visible at once; the secret is copied. */
    public synchronized InMemoryKeySource with(KeyInfo info, byte[] secret) {
        add(info, secret);
        refresh();
        return this;
    }

    /** Queues a key for the next {@link #refresh()}; the secret is copied. */
    public synchronized void add(KeyInfo info, byte[] secret) {
        if (secret.length < Hotp.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("OTP secret must be at least 16 bytes");
        }
        pending.add(new Entry(info, secret.clone()));
    }

    @Override
    public synchronized List<KeyInfo> keys() {
        return visible.values().stream().map(Entry::info).toList();
    }

    @Override
    public synchronized Optional<KeyInfo> find(String keyId) {
        return Optional.ofNullable(visible.get(keyId)).map(Entry::info);
    }

    @Override
    public synchronized Optional<byte[]> otpSecret(String keyId) {
        return Optional.ofNullable(visible.get(keyId)).map(e -> e.secret().clone());
    }

    @Override
    public synchronized List<KeyInfo> refresh() {
        List<KeyInfo> added = new ArrayList<>();
        for (Entry e : pending) {
            if (visible.putIfAbsent(e.info().keyId(), e) == null) {
                added.add(e.info());
            }
        }
        pending.clear();
        return added;
    }

    @Override
    public synchronized void close() {
        for (Entry e : visible.values()) {
            Secrets.wipe(e.secret());
        }
        visible.clear();
    }
}
