package dev.dkg.keygen.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.testing.FixedRandom;
import dev.dkg.testing.ProtocolVectors;
import org.junit.jupiter.api.Test;

/** The client contribution vector of docs/protocol.md section 12.4. */
class ContributionVectorTest {
    @Test
    void contributionMatchesTheDocument() {
        ProtocolVectors.Vector v = ProtocolVectors.load().one("keygen-contribution");
        byte[] phraseHash = ContributionKey.phraseHash(v.text("phrase-text").toCharArray());
        assertThat(phraseHash).isEqualTo(v.hex("phrase-hash"));
        try (ContributionKey key = ContributionKey.generate(new FixedRandom(v.hex("k")))) {
            assertThat(key.contribute(v.hex("round-id"), v.hex("seed"), v.hex("fresh"), phraseHash))
                    .isEqualTo(v.hex("contribution"));
            assertThat(key.contribute(v.hex("round-id"), v.hex("seed"), v.hex("fresh"), ContributionKey.NO_PHRASE))
                    .isEqualTo(v.hex("contribution-without-phrase"));
        }
    }
}
