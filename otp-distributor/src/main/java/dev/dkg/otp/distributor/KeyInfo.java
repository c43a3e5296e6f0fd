package dev.dkg.otp.distributor;

import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.protocol.KeyIds;
import java.time.Instant;
import java.util.Objects;

/** The public facts about a key that requesters may see: id, purpose, creation time, OTP parameters. */
public record KeyInfo(String keyId, String purpose, Instant created, OtpParameters parameters) {
    public KeyInfo {
        KeyIds.check(keyId);
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(parameters, "parameters");
    }
}
