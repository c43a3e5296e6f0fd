package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.sharing.NewHolder;
import dev.dkg.sharing.Refusal;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.SubShareBundle;
import dev.dkg.sharing.SubShareDelivery;
import dev.dkg.sharing.SubShareRequest;
import dev.dkg.sharing.VaultId;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Redistribution;
import dev.dkg.vss.ShareVerificationException;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reshare (docs/protocol.md 12.7): moves a vault to a new threshold and holder list without reconstructing
 * the secret: t current holders sub-share their shares, sealed to the new holders, through this dealer,
 * which cannot open them; an old holder that refuses or is blamed is left out and the step retried.
 *
 * <p>Guarantees: the old sharing stays in force until every new holder sent a valid receipt signed with
 * the key its sub-shares were sealed to; then the new holders are told to commit and the old holders not
 * among them to delete, and the reshare is reported complete only once every one of them confirmed (until
 * then they are named, and told again whenever they connect).
 */
final class ReshareCeremony {
    private static final Logger log = LoggerFactory.getLogger(ReshareCeremony.class);

    private final HolderExchange exchange;
    private final HolderRegistry holders;
    private final VaultStore vaults;

    ReshareCeremony(HolderExchange exchange, VaultStore vaults) {
        this.exchange = exchange;
        this.holders = exchange.holders;
        this.vaults = vaults;
    }

    private void say(String line) {
        exchange.say(line);
    }

    /**
     * Moves {@code vault} to a {@code newThreshold}-of-n' sharing among {@code newNames}: t old holders
     * sub-share their shares to the new holders through this dealer, which cannot read them.
     */
    void run(VaultId vault, int newThreshold, List<String> newNames, Duration wait)
            throws IOException, InterruptedException {
        Dealer.checkSplitLimits(newThreshold, newNames);
        VaultState state = vaults.state(vault);
        List<String> oldNames = state.holderNames();
        exchange.awaitAll(newNames, wait);
        List<String> oldPresent = holders.awaitConnected(oldNames, state.threshold(), wait, exchange.out());
        if (oldPresent.size() < state.threshold()) {
            throw new CliException(ExitCode.UNREACHABLE, "only " + oldPresent.size() + " of the " + state.threshold()
                    + " current holders needed are connected", "start more of: " + String.join(", ", oldNames));
        }
        List<NewHolder> recipients = new ArrayList<>();
        for (int i = 0; i < newNames.size(); i++) {
            PeerIdentity p = exchange.checkHolderCertificate(newNames.get(i));
            recipients.add(new NewHolder(i + 1, newNames.get(i), p.certificate()));
        }
        Set<String> excluded = new HashSet<>();
        while (true) {
            List<String> senders = new ArrayList<>();
            for (String n : oldNames) {
                if (senders.size() < state.threshold() && !excluded.contains(n) && holders.isConnected(n)) {
                    senders.add(n);
                }
            }
            if (senders.size() < state.threshold()) {
                throw new CliException(ExitCode.FAILURE, "reshare aborted: not enough current holders left to "
                        + "sub-share (excluded: " + String.join(", ", excluded) + ")",
                        "the old sharing is still valid; fix or replace the named holders and try again");
            }
            state = vaults.state(vault);
            long newEpoch = state.lastEpochUsed() + 1;
            vaults.append(state.withLastEpochUsed(newEpoch));
            String blamed = reshareAttempt(state, senders, newThreshold, recipients, newEpoch);
            if (blamed == null) {
                break;
            }
            excluded.add(blamed);
            say("retrying without '" + blamed + "'");
        }
    }

    /** One attempt: null on success, else the old holder to leave out next time (after aborting this epoch). */
    private String reshareAttempt(VaultState state, List<String> senders, int t2, List<NewHolder> recipients,
                                  long newEpoch) throws IOException, InterruptedException {
        VaultId vault = state.vault();
        List<Integer> senderXs = senders.stream().map(state::xOf).sorted().toList();
        List<String> newNames = recipients.stream().map(NewHolder::name).toList();
        for (String n : senders) {
            exchange.checkHolderCertificate(n);
            exchange.checkSameKey(state, n);
        }
        Redistribution plan = new Redistribution(state.commitments(), senderXs, t2,
                recipients.stream().map(NewHolder::x).toList());
        byte[] request = new SubShareRequest(vault, state.epoch(), newEpoch, state.commitments(), senderXs, t2,
                recipients).encode();
        Map<String, HolderExchange.Reply> bundles;
        holders.expect(senders, Set.of(SharingKinds.SUBSHARE_BUNDLE, SharingKinds.REFUSAL));
        try {
            for (String n : senders) {
                holders.send(n, SharingKinds.SUBSHARE_REQUEST, request);
            }
            bundles = exchange.gather(senders, HolderExchange.answerTimeout(Duration.ofSeconds(60)));
        } finally {
            holders.expectNothing();
        }
        Map<Integer, SubShareBundle> byX = new TreeMap<>();
        for (String n : senders) {
            int x = state.xOf(n);
            String problem;
            HolderExchange.Reply reply = bundles.get(n);
            if (reply.failure() != null) {
                problem = reply.failure();
            } else if (reply.kind() == SharingKinds.REFUSAL) {
                problem = HolderExchange.refusalText(reply.payload());
            } else {
                try {
                    SubShareBundle b = SubShareBundle.decode(reply.payload());
                    if (!b.vault().equals(vault) || b.newEpoch() != newEpoch || b.senderX() != x
                            || b.sealed().size() != recipients.size()) {
                        problem = "its sub-shares are for another vault, epoch, sender or holder list";
                    } else {
                        problem = null;
                        byX.put(x, b);
                    }
                } catch (WireFormatException e) {
                    problem = "malformed sub-shares: " + e.getMessage();
                }
            }
            if (problem != null) {
                say("old holder '" + n + "' did not sub-share: " + problem);
                log.warn("reshare of vault {}: sender {} failed: {}", vault, n, problem);
                exchange.abort(newNames, vault, newEpoch);
                return n;
            }
        }
        Map<Integer, Commitments> senderCommitments = new TreeMap<>();
        byX.forEach((x, b) -> senderCommitments.put(x, b.senderCommitments()));
        Commitments next;
        try {
            next = plan.combineCommitments(senderCommitments);
        } catch (ShareVerificationException e) {
            String n = state.holders().get(e.x() - 1).name();
            say("old holder '" + n + "' sent commitments that do not match its share");
            exchange.abort(newNames, vault, newEpoch);
            return n;
        } catch (GeneralSecurityException e) {
            say("the senders' commitments are degenerate; trying again");
            exchange.abort(newNames, vault, newEpoch);
            return senders.get(senders.size() - 1);
        }
        Map<String, HolderExchange.Reply> receipts;
        holders.expect(newNames, HolderExchange.RECEIPT_OR_REFUSAL);
        try {
            for (NewHolder r : recipients) {
                List<SubShareDelivery.Part> parts = new ArrayList<>();
                for (Map.Entry<Integer, SubShareBundle> e : byX.entrySet()) {
                    VaultState.Holder sender = state.holders().get(e.getKey() - 1);
                    parts.add(new SubShareDelivery.Part(e.getKey(), sender.name(), sender.certificate(),
                            e.getValue().senderCommitments(), e.getValue().sealedFor(r.x())));
                }
                holders.send(r.name(), SharingKinds.SUBSHARE_DELIVERY, new SubShareDelivery(vault, state.epoch(),
                        newEpoch, state.commitments(), t2, newNames, r.x(), parts).encode());
            }
            receipts = exchange.gather(newNames, HolderExchange.answerTimeout(Duration.ofSeconds(60)));
        } finally {
            holders.expectNothing();
        }
        List<String> failures = new ArrayList<>();
        for (NewHolder r : recipients) {
            HolderExchange.Reply reply = receipts.get(r.name());
            if (reply.failure() == null && reply.kind() == SharingKinds.REFUSAL) {
                try {
                    Refusal refusal = Refusal.decode(reply.payload());
                    if (refusal.reason() == Refusal.Reason.BAD_SUBSHARE && senderXs.contains(refusal.blamedX())) {
                        String sender = state.holders().get(refusal.blamedX() - 1).name();
                        say("new holder '" + r.name() + "' reports a bad sub-share from old holder '" + sender + "'");
                        log.warn("reshare of vault {}: {} blames sender {}", vault, r.name(), sender);
                        exchange.abort(newNames, vault, newEpoch);
                        return sender;
                    }
                } catch (WireFormatException e) {
                    log.debug("refusal from {}: {}", r.name(), e.toString());
                }
            }
            // Checked with the key of the certificate the sub-shares were sealed to, not whichever is connected.
            String problem = HolderExchange.checkReceipt(reply, vault, newEpoch, r.x(), next,
                    r.certificate().getPublicKey());
            if (problem != null) {
                failures.add(r.name() + " (" + problem + ")");
            }
        }
        if (!failures.isEmpty()) {
            exchange.abort(newNames, vault, newEpoch);
            throw new CliException(ExitCode.FAILURE, "reshare failed: no valid receipt from " + String.join(", ",
                    failures), "the old sharing is still valid; the new holders were told to drop their new shares");
        }
        List<VaultState.Holder> newHolders = recipients.stream()
                .map(r -> new VaultState.Holder(r.name(), r.certificate())).toList();
        Commitments committedTo = next;
        VaultState committed = vaults.update(vault, s -> s.next(newEpoch, newHolders, committedTo));
        // EPOCH_COMMIT to the new holders, SHARE_DELETE to the old ones not among them, connected or not.
        exchange.notices.owe(committed);
        List<VaultState.Pending> left = exchange.notices.awaitConfirmed(vault, PendingNotices.CONFIRM_WAIT);
        List<String> removed = state.holderNames().stream().filter(n -> !newNames.contains(n)).toList();
        int concerned = committed.pendingNames().size();
        say("reshared vault " + vault + ": now " + t2 + "-of-" + newNames.size() + " " + String.join(",", newNames)
                + " (epoch " + newEpoch + ")" + (removed.isEmpty() ? "" : "; told " + String.join(", ", removed)
                + " to delete their shares") + PendingNotices.unconfirmed(left, concerned, "dropped their old shares"));
        if (!left.isEmpty()) {
            say("hint: they are told again whenever they connect to this dealer; 'dealer status' shows who is "
                    + "still pending");
        }
        return null;
    }
}
