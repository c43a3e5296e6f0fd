package dev.dkg.keygen.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.crypto.EnvelopeException;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-client contribution function and its sealed secret. */
class ContributionKeyTest {
    private static final byte[] ROUND = filled(16, 1);
    private static final byte[] SEED = filled(32, 2);
    private static final byte[] FRESH = filled(32, 3);

    @TempDir
    Path dir;

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void differentClientsGiveDifferentContributionsForTheSameInputs() throws Exception {
        try (ContributionKey alice = ContributionKey.generate(new SecureRandom());
             ContributionKey bob = ContributionKey.generate(new SecureRandom())) {
            byte[] a = alice.contribute(ROUND, SEED, FRESH, ContributionKey.NO_PHRASE);
            byte[] b = bob.contribute(ROUND, SEED, FRESH, ContributionKey.NO_PHRASE);
            assertThat(a).hasSize(32).isNotEqualTo(b);
            assertThat(alice.contribute(ROUND, SEED, FRESH, ContributionKey.NO_PHRASE)).isEqualTo(a);
        }
    }

    @Test
    void everyInputChangesTheContribution() {
        try (ContributionKey k = ContributionKey.generate(new SecureRandom())) {
            byte[] base = k.contribute(ROUND, SEED, FRESH, ContributionKey.NO_PHRASE);
            assertThat(k.contribute(filled(16, 9), SEED, FRESH, ContributionKey.NO_PHRASE)).isNotEqualTo(base);
            assertThat(k.contribute(ROUND, filled(32, 9), FRESH, ContributionKey.NO_PHRASE)).isNotEqualTo(base);
            assertThat(k.contribute(ROUND, SEED, filled(32, 9), ContributionKey.NO_PHRASE)).isNotEqualTo(base);
            assertThat(k.contribute(ROUND, SEED, FRESH, ContributionKey.phraseHash("correct horse".toCharArray())))
                    .isNotEqualTo(base);
        }
    }

    @Test
    void secretIsSealedToItsOwnerInAnOwnerOnlyFileAndSurvivesRestarts() throws Exception {
        Identity alice = TestPki.identity("alice", Role.KEYGEN_CLIENT);
        byte[] first;
        try (ContributionKey k = ContributionKey.loadOrCreate(dir, alice)) {
            first = k.contribute(ROUND, SEED, FRESH, ContributionKey.NO_PHRASE);
        }
        Path file = dir.resolve(ContributionKey.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        try (ContributionKey again = ContributionKey.loadOrCreate(dir, alice)) {
            assertThat(again.contribute(ROUND, SEED, FRESH, ContributionKey.NO_PHRASE)).isEqualTo(first);
        }
        Identity bob = TestPki.identity("bob", Role.KEYGEN_CLIENT);
        assertThatThrownBy(() -> ContributionKey.loadOrCreate(dir, bob)).isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("sealed to another key");
    }
}
