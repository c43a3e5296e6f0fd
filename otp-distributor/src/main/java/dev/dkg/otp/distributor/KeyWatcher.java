package dev.dkg.otp.distributor;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up keys written to the key store after start-up: {@link #refresh()} asks the {@link KeySource} for
 * new keys and reports each one once; a store that fails is logged once per distinct problem (not every
 * poll) and the keys already known keep being served.
 */
public final class KeyWatcher {
    private static final Logger log = LoggerFactory.getLogger(KeyWatcher.class);

    private final KeySource keys;
    private final Consumer<KeyInfo> onNewKey;
    private String lastProblem;

    public KeyWatcher(KeySource keys, Consumer<KeyInfo> onNewKey) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.onNewKey = Objects.requireNonNull(onNewKey, "onNewKey");
    }

    /** Reads new keys, reports them, and never throws. */
    public synchronized void refresh() {
        List<KeyInfo> added;
        try {
            added = keys.refresh();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String problem = e.getMessage();
            if (!Objects.equals(problem, lastProblem)) {
                log.error("key store: {}; serving the {} keys already read", problem, keys.keys().size());
                lastProblem = problem;
            }
            return;
        }
        if (lastProblem != null && !added.isEmpty()) {
            lastProblem = null;
        }
        for (KeyInfo k : added) {
            onNewKey.accept(k);
        }
    }
}
