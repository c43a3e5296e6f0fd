package dev.dkg.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Feldman;
import dev.dkg.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an old holder accepts as a redistribution plan before it seals sub-shares to the listed holders. */
class SubShareRequestTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Commitments OLD = Feldman.split(Feldman.randomSecret(RANDOM), 2, 3, RANDOM).commitments();
    private static final VaultId VAULT = VaultId.random(RANDOM);

    private static NewHolder holder(int x, String name, Identity identity) {
        return new NewHolder(x, name, identity.certificate());
    }

    private static byte[] plan(NewHolder... recipients) {
        return new SubShareRequest(VAULT, 0, 1, OLD, List.of(1, 2), 2, List.of(recipients)).encode();
    }

    @Test
    void acceptsDistinctHolders() throws Exception {
        SubShareRequest r = SubShareRequest.decode(plan(
                holder(1, "alice", TestPki.identity("alice", Role.SHARE_HOLDER)),
                holder(2, "bob", TestPki.identity("bob", Role.SHARE_HOLDER))));
        assertThat(r.recipients()).extracting(NewHolder::name).containsExactly("alice", "bob");
    }

    @Test
    void refusesTheSameHolderTwiceSoNoOnePartyGetsTwoNewShares() {
        Identity mallory = TestPki.identity("mallory", Role.SHARE_HOLDER);
        assertThatThrownBy(() -> SubShareRequest.decode(plan(holder(1, "mallory", mallory), holder(2, "mallory", mallory))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("mallory appears twice");
    }

    @Test
    void refusesOneKeyUnderTwoNames() {
        Identity mallory = TestPki.identity("mallory", Role.SHARE_HOLDER);
        assertThatThrownBy(() -> SubShareRequest.decode(plan(holder(1, "mallory", mallory), holder(2, "trent", mallory))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("same key");
    }
}
