package dev.dkg.otp.distributor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps verification state in memory only: for tests, and for a distributor that may forget on restart. */
public final class InMemoryVerificationStateStore implements VerificationStateStore {
    private final Map<String, VerificationState> states = new ConcurrentHashMap<>();

    @Override
    public VerificationState load(String keyId) {
        return states.getOrDefault(keyId, VerificationState.INITIAL);
    }

    @Override
    public void save(String keyId, VerificationState state) {
        states.put(keyId, state);
    }
}
