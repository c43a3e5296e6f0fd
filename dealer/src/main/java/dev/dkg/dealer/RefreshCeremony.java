package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.Secrets;
import dev.dkg.sharing.RefreshOffer;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.VaultId;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Refresh;
import dev.dkg.vss.RefreshDelta;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refresh (docs/protocol.md 12.6): gives every holder of a vault a new share of the same secret, same t and
 * holders, by sending each a delta of a zero-secret polynomial; old shares stop combining with new ones.
 *
 * <p>Guarantees: the secret is never reconstructed; the vault switches to the new epoch only after every
 * holder sent a valid receipt signed with the key its share was sealed to; the refresh is reported complete
 * only once every holder has confirmed the commit (wiped its old share), and until then the holders that
 * have not are named, here and in {@code status}, and told again whenever they connect.
 */
final class RefreshCeremony {
    private final HolderExchange exchange;
    private final VaultStore vaults;
    private final SecureRandom random;

    RefreshCeremony(HolderExchange exchange, VaultStore vaults, SecureRandom random) {
        this.exchange = exchange;
        this.vaults = vaults;
        this.random = random;
    }

    /** Re-randomises every holder's share of {@code vault}; needs all n holders connected. */
    void run(VaultId vault, Duration wait) throws IOException, InterruptedException {
        VaultState state = vaults.state(vault);
        List<String> names = state.holderNames();
        exchange.awaitAll(names, wait);
        for (String n : names) {
            exchange.checkHolderCertificate(n);
            exchange.checkSameKey(state, n);
        }
        long newEpoch = state.lastEpochUsed() + 1;
        vaults.append(state.withLastEpochUsed(newEpoch));
        List<Integer> xs = new ArrayList<>();
        for (int i = 1; i <= names.size(); i++) {
            xs.add(i);
        }
        Refresh refresh = Refresh.create(state.commitments(), xs, random);
        Commitments next;
        try {
            next = Refresh.refreshCommitments(state.commitments(), refresh.commitments());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a fresh refresh cancelled a commitment", e);
        }
        Map<String, HolderExchange.Reply> replies;
        exchange.holders.expect(names, HolderExchange.RECEIPT_OR_REFUSAL);
        try {
            for (RefreshDelta delta : refresh.deltas()) {
                byte[] body = new RefreshOffer(vault, state.epoch(), newEpoch, delta.x(), state.commitments(),
                        refresh.commitments(), delta).encode();
                try {
                    exchange.holders.send(names.get(delta.x() - 1), SharingKinds.REFRESH_OFFER, body);
                } finally {
                    Secrets.wipe(body);
                }
            }
            refresh = null;
            replies = exchange.gather(names, HolderExchange.answerTimeout(wait));
        } finally {
            exchange.holders.expectNothing();
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String problem = HolderExchange.checkReceipt(replies.get(n), vault, newEpoch, i + 1, next,
                    HolderExchange.dealtKey(state, n));
            if (problem != null) {
                failures.add(n + " (" + problem + ")");
            }
        }
        if (!failures.isEmpty()) {
            exchange.abort(names, vault, newEpoch);
            throw new CliException(ExitCode.FAILURE, "refresh failed: no valid receipt from " + String.join(", ",
                    failures), "the old shares stay valid; the holders were told to drop the new ones");
        }
        VaultState committed = vaults.update(vault, s -> s.next(newEpoch, s.holders(), next));
        exchange.notices.owe(committed);
        List<VaultState.Pending> left = exchange.notices.awaitConfirmed(vault, PendingNotices.CONFIRM_WAIT);
        if (left.isEmpty()) {
            exchange.say("refreshed vault " + vault + ": every holder has a new share (epoch " + newEpoch
                    + ") and has dropped its old one; old shares no longer combine with new ones");
        } else {
            exchange.say("refreshed vault " + vault + " (epoch " + newEpoch + ")"
                    + PendingNotices.unconfirmed(left, names.size(), "dropped their old shares"));
            exchange.say("hint: they are told again whenever they connect to this dealer; 'dealer status' shows "
                    + "who is still pending");
        }
    }
}
