package dev.dkg.otp.distributor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterimKeyStoreTest {
    private static final Identity ME = DistributorFixture.distributorIdentity();
    private static final byte[] SECRET = DistributorFixture.K1_SECRET;

    @TempDir
    Path dir;

    private static KeyInfo key(String id) {
        return new KeyInfo(id, "otp", Instant.ofEpochMilli(1_700_000_000_123L),
                new OtpParameters(OtpAlgorithm.SHA512, 8, Duration.ofSeconds(60)));
    }

    @Test
    void readsKeysAndPicksUpKeysAppendedLater() throws IOException {
        Path file = dir.resolve("key_store");
        InterimKeyStore.append(file, ME, key("first"), SECRET);
        try (InterimKeyStore store = InterimKeyStore.open(file, ME)) {
            assertThat(store.keys()).containsExactly(key("first"));
            assertThat(store.otpSecret("first")).hasValueSatisfying(s -> assertThat(s).isEqualTo(SECRET));
            assertThat(store.refresh()).isEmpty();
            InterimKeyStore.append(file, ME, key("second"), SECRET);
            assertThat(store.find("second")).isEmpty();
            assertThat(store.refresh()).containsExactly(key("second"));
            assertThat(store.keys()).extracting(KeyInfo::keyId).containsExactly("first", "second");
        }
    }

    @Test
    void missingStoreIsNoSuchFile() {
        assertThatThrownBy(() -> InterimKeyStore.open(dir.resolve("absent"), ME)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void storeSealedToAnotherDistributorDoesNotOpen() throws IOException {
        Path file = dir.resolve("key_store");
        InterimKeyStore.append(file, TestPki.identity("other-distributor", Role.OTP_DISTRIBUTOR), key("k"), SECRET);
        assertThatThrownBy(() -> InterimKeyStore.open(file, ME)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not open with this distributor's key");
    }

    @Test
    void refusesADuplicateKeyId() throws IOException {
        Path file = dir.resolve("key_store");
        InterimKeyStore.append(file, ME, key("k"), SECRET);
        assertThatThrownBy(() -> InterimKeyStore.append(file, ME, key("k"), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a key k");
    }
}
