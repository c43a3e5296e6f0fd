package dev.dkg.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The combine step: deterministic in the transcript, sensitive to every contribution, the order and the parameters. */
class KeyDerivationTest {
    private static byte[] key(RoundTranscript t, byte[] server, List<byte[]> contributions) throws GeneralSecurityException {
        return KeyDerivation.combine(t, server, contributions);
    }

    @Test
    void sameTranscriptAndContributionsGiveTheSameKey() throws Exception {
        byte[] first = key(RoundFixture.transcript(), RoundFixture.serverContribution(), RoundFixture.contributions());
        byte[] second = key(RoundFixture.transcript(), RoundFixture.serverContribution(), RoundFixture.contributions());
        assertThat(first).hasSize(32).isEqualTo(second);
    }

    @Test
    void anyChangedContributionGivesAnotherKey() {
        byte[] transcriptHash = RoundFixture.transcript().hash();
        byte[] base = KeyDerivation.deriveKey(transcriptHash, RoundFixture.serverContribution(),
                RoundFixture.contributions(), RoundFixture.PARAMETERS);
        for (int who = 0; who < 3; who++) {
            List<byte[]> changed = new ArrayList<>();
            for (byte[] c : RoundFixture.contributions()) {
                changed.add(c.clone());
            }
            changed.get(who)[31] ^= 1;
            assertThat(KeyDerivation.deriveKey(transcriptHash, RoundFixture.serverContribution(), changed,
                    RoundFixture.PARAMETERS)).as("participant %d", who).isNotEqualTo(base);
        }
        byte[] server = RoundFixture.serverContribution();
        server[0] ^= 1;
        assertThat(KeyDerivation.deriveKey(transcriptHash, server, RoundFixture.contributions(), RoundFixture.PARAMETERS))
                .isNotEqualTo(base);
    }

    @Test
    void contributionOrderMatters() {
        byte[] transcriptHash = RoundFixture.transcript().hash();
        List<byte[]> swapped = new ArrayList<>(RoundFixture.contributions());
        swapped.set(0, RoundFixture.contributions().get(1));
        swapped.set(1, RoundFixture.contributions().get(0));
        assertThat(KeyDerivation.deriveKey(transcriptHash, RoundFixture.serverContribution(), swapped,
                RoundFixture.PARAMETERS)).isNotEqualTo(KeyDerivation.deriveKey(transcriptHash,
                RoundFixture.serverContribution(), RoundFixture.contributions(), RoundFixture.PARAMETERS));
    }

    @Test
    void parametersAndTranscriptEnterTheKey() throws Exception {
        byte[] base = key(RoundFixture.transcript(), RoundFixture.serverContribution(), RoundFixture.contributions());
        byte[] otherPurpose = key(RoundFixture.transcript(RoundFixture.NAMES, RoundFixture.contributions(),
                new KeyParameters("aes", 32)), RoundFixture.serverContribution(), RoundFixture.contributions());
        byte[] longer = key(RoundFixture.transcript(RoundFixture.NAMES, RoundFixture.contributions(),
                new KeyParameters("otp", 33)), RoundFixture.serverContribution(), RoundFixture.contributions());
        assertThat(otherPurpose).isNotEqualTo(base);
        assertThat(longer).hasSize(33);
        assertThat(java.util.Arrays.copyOf(longer, 32)).isNotEqualTo(base);
        byte[] otherSalt = KeyDerivation.deriveKey(new byte[32], RoundFixture.serverContribution(),
                RoundFixture.contributions(), RoundFixture.PARAMETERS);
        assertThat(otherSalt).isNotEqualTo(base);
    }

    @Test
    void refusesAContributionThatDoesNotOpenItsCommitment() {
        List<byte[]> wrong = new ArrayList<>(RoundFixture.contributions());
        wrong.set(1, RoundFixture.filled(32, 0));
        assertThatThrownBy(() -> key(RoundFixture.transcript(), RoundFixture.serverContribution(), wrong))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("bob");
        assertThatThrownBy(() -> key(RoundFixture.transcript(), RoundFixture.filled(32, 0), RoundFixture.contributions()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("server");
    }

    @Test
    void keyIdAndCheckValueArePublicAndStable() throws Exception {
        RoundTranscript t = RoundFixture.transcript();
        byte[] key = key(t, RoundFixture.serverContribution(), RoundFixture.contributions());
        assertThat(KeyDerivation.keyId(t.hash())).hasSize(16).isEqualTo(KeyDerivation.keyId(t.hash()));
        assertThat(KeyDerivation.checkValue(key)).hasSize(8).isNotEqualTo(java.util.Arrays.copyOf(key, 8));
        key[0] ^= 1;
        assertThat(KeyDerivation.checkValue(key)).isNotEqualTo(KeyDerivation.checkValue(
                key(t, RoundFixture.serverContribution(), RoundFixture.contributions())));
    }

    @Test
    void commitmentsBindRoundNameAndValue() {
        byte[] value = RoundFixture.filled(32, 7);
        byte[] c = RoundTranscript.commitment(RoundFixture.roundId(), "alice", value);
        assertThat(RoundTranscript.commitment(RoundFixture.roundId(), "bob", value)).isNotEqualTo(c);
        assertThat(RoundTranscript.commitment(RoundFixture.filled(16, 0), "alice", value)).isNotEqualTo(c);
        assertThat(RoundTranscript.commitment(RoundFixture.roundId(), "alice", RoundFixture.filled(32, 8))).isNotEqualTo(c);
    }
}
