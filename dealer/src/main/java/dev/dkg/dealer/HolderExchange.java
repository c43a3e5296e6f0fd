package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.sharing.EpochNotice;
import dev.dkg.sharing.Receipt;
import dev.dkg.sharing.Refusal;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.VaultId;
import dev.dkg.vss.Commitments;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every ceremony does with the holders: waits for them, checks their certificates and keys, gathers
 * one answer from each, checks receipts and tells the user. The ceremonies (split, combine, refresh,
 * reshare) are built over it and over {@link PendingNotices}.
 */
final class HolderExchange {
    private static final Logger log = LoggerFactory.getLogger(HolderExchange.class);
    /** The kinds a holder answers a share, refresh or delivery with. */
    static final Set<Integer> RECEIPT_OR_REFUSAL = Set.of(SharingKinds.RECEIPT, SharingKinds.REFUSAL);

    final HolderRegistry holders;
    final PendingNotices notices;
    private final TrustAnchor trust;
    private final PrintWriter out;
    private final Clock clock;

    HolderExchange(HolderRegistry holders, PendingNotices notices, TrustAnchor trust, PrintWriter out, Clock clock) {
        this.holders = holders;
        this.notices = notices;
        this.trust = trust;
        this.out = out;
        this.clock = clock;
    }

    /** One holder's answer, or why there is none. */
    record Reply(int kind, byte[] payload, String failure) {}

    void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    PrintWriter out() {
        return out;
    }

    /** Holders get at least 30 s to answer, however short the connect wait. */
    static Duration answerTimeout(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(30)) > 0 ? wait : Duration.ofSeconds(30);
    }

    /** Waits for every one of {@code names}; fails naming those missing (no share was sent). */
    void awaitAll(Collection<String> names, Duration wait) throws InterruptedException {
        List<String> present = holders.awaitConnected(names, names.size(), wait, out);
        if (present.size() < names.size()) {
            List<String> missing = names.stream().filter(n -> !present.contains(n)).toList();
            throw new CliException(ExitCode.UNREACHABLE, "holder" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not connected after "
                    + wait.toSeconds() + " s; no share was sent",
                    "start them with share-holder.sh --dealer this address, or raise --wait");
        }
    }

    /** The connected holder's identity once its certificate validates now (our CA, dates, role share-holder). */
    PeerIdentity checkHolderCertificate(String name) {
        PeerIdentity p = holders.peer(name);
        if (p == null) {
            throw new CliException(ExitCode.UNREACHABLE, "holder '" + name + "' disconnected");
        }
        try {
            trust.validate(List.of(p.certificate()), clock.instant(), Set.of(Role.SHARE_HOLDER));
        } catch (CertificateException e) {
            log.warn("holder {} certificate rejected: {}", name, e.getMessage());
            throw new CliException(ExitCode.VERIFICATION, "holder '" + name + "' certificate rejected: "
                    + e.getMessage() + "; no share was sent");
        }
        return p;
    }

    /** Fails unless {@code name} is connected with the key its share of {@code state} was sealed for. */
    void checkSameKey(VaultState state, String name) {
        PeerIdentity p = holders.peer(name);
        if (p == null || !p.publicKey().equals(dealtKey(state, name))) {
            throw new CliException(ExitCode.VERIFICATION, "holder '" + name + "' is connected with another key than "
                    + "the one its share was sealed for");
        }
    }

    static PublicKey dealtKey(VaultState state, String name) {
        return state.holders().get(state.xOf(name) - 1).certificate().getPublicKey();
    }

    /** One answer from each of {@code names} (first message wins), or a failure for those that gave none. */
    Map<String, Reply> gather(Collection<String> names, Duration timeout) throws InterruptedException {
        Map<String, Reply> replies = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (replies.size() < names.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            HolderRegistry.Incoming in = holders.poll(Duration.ofNanos(left));
            if (in == null || !names.contains(in.holder()) || replies.containsKey(in.holder())) {
                continue;
            }
            if (in.kind() == HolderRegistry.DISCONNECTED) {
                replies.put(in.holder(), new Reply(0, new byte[0], "it disconnected"));
            } else if (in.kind() >= 0) {
                replies.put(in.holder(), new Reply(in.kind(), in.payload(), null));
            }
        }
        for (String n : names) {
            replies.putIfAbsent(n, new Reply(0, new byte[0], "no answer within " + timeout.toSeconds() + " s"));
        }
        return replies;
    }

    /**
     * Null if the reply is a valid receipt for exactly this vault, epoch, x and commitments, signed with
     * {@code sealedTo}, the key the share was dealt or sealed to (not whichever key is connected now); else
     * the problem.
     */
    static String checkReceipt(Reply reply, VaultId vault, long epoch, int x, Commitments commitments,
                               PublicKey sealedTo) {
        if (reply.failure() != null) {
            return reply.failure();
        }
        if (reply.kind() == SharingKinds.REFUSAL) {
            return refusalText(reply.payload());
        }
        if (reply.kind() != SharingKinds.RECEIPT) {
            return "unexpected answer kind " + reply.kind();
        }
        try {
            Receipt.decode(reply.payload()).verify(vault, epoch, x, commitments, sealedTo);
            return null;
        } catch (WireFormatException e) {
            return "malformed receipt: " + e.getMessage();
        } catch (GeneralSecurityException e) {
            return "receipt does not verify: " + e.getMessage();
        }
    }

    static String refusalText(byte[] payload) {
        try {
            return "it refused: " + Refusal.decode(payload).reason().description();
        } catch (WireFormatException e) {
            return "malformed refusal: " + e.getMessage();
        }
    }

    /** Sends an unanswered notice (EPOCH_ABORT, or SHARE_DELETE after a failed split) if the holder is there. */
    void tell(String name, int kind, EpochNotice notice) {
        try {
            holders.send(name, kind, notice.encode());
        } catch (IOException e) {
            log.warn("could not tell holder {} ({}): {}", name, String.format("0x%04x", kind), e.getMessage());
        }
    }

    /** Tells {@code names} that {@code epoch} of {@code vault} is abandoned. */
    void abort(Collection<String> names, VaultId vault, long epoch) {
        for (String n : names) {
            tell(n, SharingKinds.EPOCH_ABORT, new EpochNotice(vault, epoch));
        }
    }
}
