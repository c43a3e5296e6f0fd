package dev.dkg.holder;

import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.KeyId;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.sharing.CollectRequest;
import dev.dkg.sharing.EpochNotice;
import dev.dkg.sharing.NewHolder;
import dev.dkg.sharing.NoticeDone;
import dev.dkg.sharing.Receipt;
import dev.dkg.sharing.RefreshOffer;
import dev.dkg.sharing.Refusal;
import dev.dkg.sharing.Refusal.Reason;
import dev.dkg.sharing.SealedSubShare;
import dev.dkg.sharing.ShareOffer;
import dev.dkg.sharing.ShareReturn;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.SubShareBundle;
import dev.dkg.sharing.SubShareDelivery;
import dev.dkg.sharing.SubShareRequest;
import dev.dkg.sharing.VaultId;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Redistribution;
import dev.dkg.vss.Refresh;
import dev.dkg.vss.Share;
import dev.dkg.vss.ShareVerificationException;
import dev.dkg.vss.SubShare;
import dev.dkg.vss.SubSharing;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A holder's side of one authenticated connection to a dealer: answers each request in order, checking
 * everything it is sent before it stores or releases anything (docs/protocol.md, "Threshold sharing").
 *
 * <p>Guarantees: a vault is bound to the dealer key that first dealt it (a sealed binding file written
 * with its first share), and every request or notice for that vault from any other key is refused and
 * logged, whichever epochs are held and whether their files open; a share is stored only if this holder is
 * named at its position and it verifies against the commitments; a share is released only to the dealer
 * that dealt it, in answer to that dealer's signed request, with the user's approval, bound to the
 * request's nonce; a share is replaced only after its successor has verified and is on disk, the old one
 * is wiped only when the dealer commits, and a committed share is never wiped by an abort.
 */
final class HolderSession {
    private static final Logger log = LoggerFactory.getLogger(HolderSession.class);
    private static final Set<Integer> KINDS = Set.of(SharingKinds.SHARE_OFFER, SharingKinds.COLLECT_REQUEST,
            SharingKinds.REFRESH_OFFER, SharingKinds.EPOCH_COMMIT, SharingKinds.EPOCH_ABORT, SharingKinds.SHARE_DELETE,
            SharingKinds.SUBSHARE_REQUEST, SharingKinds.SUBSHARE_DELIVERY);

    private final Identity me;
    private final TrustAnchor trust;
    private final ShareStore store;
    private final Approval approval;
    private final PrintWriter events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    HolderSession(Identity me, TrustAnchor trust, ShareStore store, Approval approval, PrintWriter events, Clock clock) {
        this.me = me;
        this.trust = trust;
        this.store = store;
        this.approval = approval;
        this.events = events;
        this.clock = clock;
    }

    /** Serves the channel until the dealer closes it (EOFException) or it fails. */
    void serve(SecureChannel channel) throws IOException {
        while (true) {
            SecureChannel.Message m = channel.receive(KINDS);
            try {
                handle(channel, m);
            } catch (WireFormatException e) {
                channel.reject(ErrorCode.PROTOCOL, "malformed message from the dealer: " + e.getMessage());
                throw e;
            } finally {
                java.util.Arrays.fill(m.payload(), (byte) 0);
            }
        }
    }

    private void event(String line) {
        events.println(line);
        events.flush();
    }

    /**
     * A request or notice that this holder will not carry out; the thrower has told the user and the log,
     * {@link #handle} answers REFUSAL (except to EPOCH_ABORT, which is never answered).
     */
    private static final class Refused extends Exception {
        final VaultId vault;
        final long epoch;
        final Reason reason;

        Refused(VaultId vault, long epoch, Reason reason, String why) {
            super(why, null, false, false);
            this.vault = vault;
            this.epoch = epoch;
            this.reason = reason;
        }
    }

    void handle(SecureChannel channel, SecureChannel.Message m) throws IOException {
        try {
            dispatch(channel, m);
        } catch (Refused r) {
            if (m.kind() != SharingKinds.EPOCH_ABORT) {
                refuse(channel, r.vault, r.epoch, r.reason, 0, r.getMessage());
            }
        }
    }

    private void dispatch(SecureChannel channel, SecureChannel.Message m) throws IOException, Refused {
        PeerIdentity dealer = channel.peer();
        switch (m.kind()) {
            case SharingKinds.SHARE_OFFER -> onShareOffer(channel, dealer, ShareOffer.decode(m.payload()));
            case SharingKinds.COLLECT_REQUEST -> onCollect(channel, dealer, CollectRequest.decode(m.payload()));
            case SharingKinds.REFRESH_OFFER -> onRefresh(channel, dealer, RefreshOffer.decode(m.payload()));
            case SharingKinds.EPOCH_COMMIT -> onCommit(channel, dealer, EpochNotice.decode(m.payload()));
            case SharingKinds.EPOCH_ABORT -> onAbort(dealer, EpochNotice.decode(m.payload()));
            case SharingKinds.SHARE_DELETE -> onDelete(channel, dealer, EpochNotice.decode(m.payload()));
            case SharingKinds.SUBSHARE_REQUEST -> onSubShareRequest(channel, dealer, SubShareRequest.decode(m.payload()));
            case SharingKinds.SUBSHARE_DELIVERY -> onSubShareDelivery(channel, dealer,
                    SubShareDelivery.decode(m.payload()));
            default -> throw new WireFormatException("unexpected kind " + m.kind());
        }
    }

    private void refuse(SecureChannel channel, VaultId vault, long epoch, Reason reason, int blamed, String why)
            throws IOException {
        log.warn("refusing dealer request for vault {} epoch {}: {}", vault, epoch, why);
        channel.send(SharingKinds.REFUSAL, new Refusal(vault, epoch, reason, blamed).encode());
    }

    /**
     * The binding of {@code v} when {@code dealer} is the key it is bound to, or null when this holder has
     * nothing of v; refuses (Refused, after telling the user and the log) when v is bound to another dealer
     * key or its binding cannot be read. This is the one place that decides which dealer owns a vault.
     */
    private VaultBinding bindingFor(PeerIdentity dealer, VaultId v, long epoch, String what) throws IOException,
            Refused {
        VaultBinding b;
        try {
            b = store.binding(v);
        } catch (EnvelopeException e) {
            log.warn("refusing {} for vault {} from dealer key {}: cannot tell which dealer the vault belongs to: {}",
                    what, v, dealer.keyId().fingerprint(), e.getMessage());
            event("refused " + what + " for vault " + v + " from dealer '" + dealer.name()
                    + "': my record of which dealer it belongs to is damaged");
            throw new Refused(v, epoch, Reason.STORED_SHARE_DAMAGED, "vault binding: " + e.getMessage());
        }
        if (b != null && !b.dealer().equals(dealer.keyId())) {
            log.warn("refusing {} for vault {} from dealer key {}: the vault belongs to dealer key {}", what, v,
                    dealer.keyId().fingerprint(), b.dealer().fingerprint());
            event("refused " + what + " for vault " + v + " from dealer '" + dealer.name() + "': it was dealt by "
                    + "another dealer key");
            throw new Refused(v, epoch, Reason.VERIFICATION_FAILED, "request from another dealer key "
                    + dealer.keyId().fingerprint());
        }
        return b;
    }

    /** {@link #bindingFor}, refusing with NO_SUCH_SHARE when this holder has nothing of the vault. */
    private VaultBinding requireBinding(PeerIdentity dealer, VaultId v, long epoch, String what) throws IOException,
            Refused {
        VaultBinding b = bindingFor(dealer, v, epoch, what);
        if (b == null) {
            event("dealer '" + dealer.name() + "' sent " + what + " for vault " + v + ", of which I hold nothing");
            throw new Refused(v, epoch, Reason.NO_SUCH_SHARE, "no share of this vault");
        }
        return b;
    }

    private void bind(VaultBinding binding) throws IOException {
        try {
            store.bind(binding);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal the vault binding: " + e.getMessage(), e);
        }
    }

    private void onShareOffer(SecureChannel channel, PeerIdentity dealer, ShareOffer offer) throws IOException,
            Refused {
        VaultId v = offer.vault();
        String named = offer.holders().get(offer.x() - 1);
        if (!named.equals(me.name())) {
            event("refused a share of vault " + v + ": it is for '" + named + "' (x=" + offer.x() + "), not for me");
            refuse(channel, v, offer.epoch(), Reason.VERIFICATION_FAILED, 0,
                    "share x=" + offer.x() + " is for " + named + ", not " + me.name());
            return;
        }
        if (offer.holders().indexOf(me.name()) != offer.x() - 1) {
            refuse(channel, v, offer.epoch(), Reason.VERIFICATION_FAILED, 0, "named twice in the holder list");
            return;
        }
        try {
            offer.commitments().verify(offer.share());
        } catch (ShareVerificationException e) {
            event("refused a share of vault " + v + " from dealer '" + dealer.name() + "': it does not match the commitments");
            refuse(channel, v, offer.epoch(), Reason.VERIFICATION_FAILED, 0, e.getMessage());
            return;
        }
        VaultBinding bound = bindingFor(dealer, v, offer.epoch(), "a share");
        if (bound != null && !store.epochs(v).isEmpty()) {
            event("refused a share of vault " + v + ": I already hold one");
            refuse(channel, v, offer.epoch(), Reason.ALREADY_HELD, 0, "already holding a share of this vault");
            return;
        }
        if (bound == null) {
            bind(VaultBinding.firstDealtBy(v, dealer.keyId()));
        }
        StoredShare stored = new StoredShare(v, offer.epoch(), offer.x(), dealer.keyId(), offer.holders(),
                offer.commitments(), offer.share());
        storeAndAcknowledge(channel, stored);
        event("stored share x=" + offer.x() + " of vault " + v + " (" + offer.commitments().threshold() + "-of-"
                + offer.holders().size() + ") from dealer '" + dealer.name() + "' (pending until the dealer commits)");
    }

    private void storeAndAcknowledge(SecureChannel channel, StoredShare stored) throws IOException {
        try {
            store.write(stored);
            channel.send(SharingKinds.RECEIPT, Receipt.sign(stored.vault(), stored.epoch(), stored.x(),
                    stored.commitments(), me.privateKey()).encode());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal or sign: " + e.getMessage(), e);
        }
    }

    /** The stored share of the request's vault and epoch, or null after refusing with the reason. */
    private StoredShare loadFor(SecureChannel channel, PeerIdentity dealer, VaultId v, long epoch, String what)
            throws IOException {
        StoredShare share;
        try {
            share = store.read(v, epoch);
        } catch (NoSuchFileException e) {
            event("dealer asked to " + what + " vault " + v + " epoch " + epoch + ", but I hold no such share");
            refuse(channel, v, epoch, Reason.NO_SUCH_SHARE, 0, "no share file " + e.getFile());
            return null;
        } catch (EnvelopeException e) {
            event("my stored share of vault " + v + " is damaged and cannot be used");
            refuse(channel, v, epoch, Reason.STORED_SHARE_DAMAGED, 0, e.getMessage());
            return null;
        }
        if (!share.dealer().equals(dealer.keyId())) {
            event("refused to " + what + " vault " + v + ": dealer '" + dealer.name() + "' is not the one who dealt it");
            refuse(channel, v, epoch, Reason.VERIFICATION_FAILED, 0, "request from another dealer key "
                    + dealer.keyId().fingerprint());
            return null;
        }
        return share;
    }

    private void onCollect(SecureChannel channel, PeerIdentity dealer, CollectRequest request) throws IOException,
            Refused {
        VaultId v = request.vault();
        try {
            request.verify(dealer.publicKey());
        } catch (GeneralSecurityException e) {
            refuse(channel, v, request.epoch(), Reason.VERIFICATION_FAILED, 0, "collection request signature: "
                    + e.getMessage());
            return;
        }
        requireBinding(dealer, v, request.epoch(), "a request for my share");
        if (!store.exists(v, request.epoch())) {
            event("dealer asked for my share of vault " + v + " epoch " + request.epoch() + ", but I hold none");
            refuse(channel, v, request.epoch(), Reason.NO_SUCH_SHARE, 0, "no such share");
            return;
        }
        if (!approval.approve("dealer '" + dealer.name() + "' asks for your share of vault " + v + ". Approve?")) {
            event("declined to return my share of vault " + v);
            refuse(channel, v, request.epoch(), Reason.DECLINED_BY_USER, 0, "declined by the user");
            return;
        }
        StoredShare share = loadFor(channel, dealer, v, request.epoch(), "collect");
        if (share == null) {
            return;
        }
        byte[] body;
        try {
            body = ShareReturn.sign(request, share.share(), me.privateKey()).encode();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign: " + e.getMessage(), e);
        }
        try {
            channel.send(SharingKinds.SHARE_RETURN, body);
        } finally {
            java.util.Arrays.fill(body, (byte) 0);
        }
        event("returned my share of vault " + v + " to dealer '" + dealer.name() + "'");
    }

    private void onRefresh(SecureChannel channel, PeerIdentity dealer, RefreshOffer offer) throws IOException,
            Refused {
        VaultId v = offer.vault();
        requireBinding(dealer, v, offer.newEpoch(), "a refresh");
        StoredShare old = loadFor(channel, dealer, v, offer.oldEpoch(), "refresh");
        if (old == null) {
            return;
        }
        if (old.x() != offer.x() || !old.commitments().equals(offer.current()) || store.exists(v, offer.newEpoch())) {
            event("refused a refresh of vault " + v + ": it does not match my share");
            refuse(channel, v, offer.newEpoch(), Reason.VERIFICATION_FAILED, 0,
                    "refresh names another x, other commitments, or an epoch already held");
            return;
        }
        Share refreshed;
        Commitments next;
        try {
            refreshed = Refresh.refreshShare(old.share(), old.commitments(), offer.delta(), offer.deltaCommitments());
            next = Refresh.refreshCommitments(old.commitments(), offer.deltaCommitments());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            event("refused a refresh of vault " + v + ": the delta does not verify");
            refuse(channel, v, offer.newEpoch(), Reason.VERIFICATION_FAILED, 0, e.getMessage());
            return;
        }
        storeAndAcknowledge(channel, new StoredShare(v, offer.newEpoch(), old.x(), old.dealer(), old.holders(), next,
                refreshed));
        event("refreshed share x=" + old.x() + " of vault " + v + " (epoch " + offer.newEpoch()
                + " pending until the dealer commits)");
    }

    private void onCommit(SecureChannel channel, PeerIdentity dealer, EpochNotice notice) throws IOException,
            Refused {
        VaultId v = notice.vault();
        long epoch = notice.epoch();
        VaultBinding b = requireBinding(dealer, v, epoch, "a commit");
        if (!store.exists(v, epoch)) {
            // Wiping the older shares would leave nothing: keep them and tell the dealer.
            event("dealer committed epoch " + epoch + " of vault " + v + ", which I do not hold; kept what I have");
            throw new Refused(v, epoch, Reason.NO_SUCH_SHARE, "epoch " + epoch + " not held");
        }
        int wiped = store.wipeOlderThan(v, epoch);
        bind(b.withCommitted(epoch));
        channel.send(SharingKinds.NOTICE_DONE, new NoticeDone(SharingKinds.EPOCH_COMMIT, v, epoch).encode());
        event("vault " + v + " is at epoch " + epoch + "; wiped " + wiped + " older share" + (wiped == 1 ? "" : "s"));
    }

    private void onAbort(PeerIdentity dealer, EpochNotice notice) throws IOException, Refused {
        VaultId v = notice.vault();
        VaultBinding b = bindingFor(dealer, v, notice.epoch(), "an abort");
        if (b == null || !b.isPending(notice.epoch())) {
            log.debug("abort of vault {} epoch {}: nothing pending to wipe", v, notice.epoch());
            return;
        }
        if (store.wipe(v, notice.epoch())) {
            event("dealer abandoned epoch " + notice.epoch() + " of vault " + v + "; kept my previous share");
        }
        if (store.epochs(v).isEmpty()) {
            store.wipeAll(v);
        }
    }

    private void onDelete(SecureChannel channel, PeerIdentity dealer, EpochNotice notice) throws IOException,
            Refused {
        VaultId v = notice.vault();
        // A repeated delete (its answer was lost) finds nothing left and is answered done again.
        if (bindingFor(dealer, v, notice.epoch(), "a delete") != null) {
            int wiped = store.wipeAll(v);
            event("no longer a holder of vault " + v + "; wiped " + wiped + " share" + (wiped == 1 ? "" : "s"));
        }
        channel.send(SharingKinds.NOTICE_DONE, new NoticeDone(SharingKinds.SHARE_DELETE, v, notice.epoch()).encode());
    }

    private PeerIdentity validateHolder(java.security.cert.X509Certificate certificate, String name)
            throws CertificateException {
        PeerIdentity p = trust.validate(List.of(certificate), clock.instant(), Set.of(Role.SHARE_HOLDER));
        if (!p.name().equals(name)) {
            throw new CertificateException("certificate names '" + p.name() + "', not '" + name + "'");
        }
        return p;
    }

    private void onSubShareRequest(SecureChannel channel, PeerIdentity dealer, SubShareRequest request)
            throws IOException, Refused {
        VaultId v = request.vault();
        requireBinding(dealer, v, request.newEpoch(), "a request to reshare");
        StoredShare old = loadFor(channel, dealer, v, request.oldEpoch(), "reshare");
        if (old == null) {
            return;
        }
        if (!old.commitments().equals(request.oldCommitments()) || !request.senders().contains(old.x())) {
            event("refused to reshare vault " + v + ": the request does not match my share");
            refuse(channel, v, request.newEpoch(), Reason.VERIFICATION_FAILED, 0, "other commitments or not a sender");
            return;
        }
        Map<Integer, PeerIdentity> recipients = new HashMap<>();
        for (NewHolder h : request.recipients()) {
            try {
                recipients.put(h.x(), validateHolder(h.certificate(), h.name()));
            } catch (CertificateException e) {
                event("refused to reshare vault " + v + ": new holder '" + h.name() + "' has no valid certificate");
                refuse(channel, v, request.newEpoch(), Reason.VERIFICATION_FAILED, 0, e.getMessage());
                return;
            }
        }
        List<String> names = request.recipients().stream().map(NewHolder::name).toList();
        if (!approval.approve("dealer '" + dealer.name() + "' asks to reshare vault " + v + " to "
                + request.newThreshold() + "-of-" + names.size() + " " + names + ". Approve?")) {
            event("declined to reshare vault " + v);
            refuse(channel, v, request.newEpoch(), Reason.DECLINED_BY_USER, 0, "declined by the user");
            return;
        }
        SubShareBundle bundle;
        try {
            Redistribution plan = new Redistribution(old.commitments(), request.senders(), request.newThreshold(),
                    recipients.keySet());
            SubSharing sharing = plan.subShare(old.share(), random);
            List<SubShareBundle.Sealed> sealed = new ArrayList<>();
            for (NewHolder h : request.recipients()) {
                sealed.add(new SubShareBundle.Sealed(h.x(), SealedSubShare.seal(sharing.subShareFor(h.x()), v,
                        request.newEpoch(), me.privateKey(), me.publicKey(), recipients.get(h.x()).publicKey())));
            }
            bundle = new SubShareBundle(v, request.newEpoch(), old.x(), sharing.commitments(), sealed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            event("could not reshare vault " + v + ": " + e.getMessage());
            refuse(channel, v, request.newEpoch(), Reason.VERIFICATION_FAILED, 0, e.getMessage());
            return;
        }
        channel.send(SharingKinds.SUBSHARE_BUNDLE, bundle.encode());
        event("sent sealed sub-shares of my share of vault " + v + " to " + names);
    }

    private void onSubShareDelivery(SecureChannel channel, PeerIdentity dealer, SubShareDelivery d)
            throws IOException, Refused {
        VaultId v = d.vault();
        long epoch = d.newEpoch();
        String named = d.newHolders().get(d.x() - 1);
        if (!named.equals(me.name()) || d.newHolders().indexOf(me.name()) != d.x() - 1) {
            event("refused sub-shares of vault " + v + ": they are for '" + named + "', not for me");
            refuse(channel, v, epoch, Reason.VERIFICATION_FAILED, 0, "delivery is for " + named);
            return;
        }
        // Only the dealer the vault is bound to may deliver, whatever epochs are held or open; a holder with
        // nothing of the vault is a new holder and the delivery binds the vault to this dealer.
        VaultBinding bound = bindingFor(dealer, v, epoch, "sub-shares");
        if (store.exists(v, epoch)) {
            refuse(channel, v, epoch, Reason.VERIFICATION_FAILED, 0, "epoch already held");
            return;
        }
        // A holder of the old sharing checks the dealer's old commitments against its own record.
        List<Long> mine = store.epochs(v);
        if (mine.contains(d.oldEpoch())) {
            StoredShare old = null;
            try {
                old = store.read(v, d.oldEpoch());
            } catch (EnvelopeException e) {
                // A damaged record vouches for nothing, and a new share is how the damage gets repaired: every
                // sender checked the old commitments against its own record, and each sub-share is checked below.
                event("my stored share of vault " + v + " is damaged; taking the new share on the senders' checks");
            }
            if (old != null && !old.commitments().equals(d.oldCommitments())) {
                refuse(channel, v, epoch, Reason.VERIFICATION_FAILED, 0, "old commitments differ from my record");
                return;
            }
        }
        Redistribution plan;
        try {
            plan = new Redistribution(d.oldCommitments(), d.senders(), d.newThreshold(),
                    java.util.stream.IntStream.rangeClosed(1, d.newHolders().size()).boxed().toList());
        } catch (IllegalArgumentException e) {
            refuse(channel, v, epoch, Reason.VERIFICATION_FAILED, 0, e.getMessage());
            return;
        }
        List<SubShare> subShares = new ArrayList<>();
        Map<Integer, Commitments> bySender = new HashMap<>();
        for (SubShareDelivery.Part p : d.parts()) {
            try {
                PeerIdentity sender = validateHolder(p.senderCertificate(), p.senderName());
                SubShare s = SealedSubShare.open(p.sealed(), v, epoch, p.senderX(), d.x(), me.privateKey(),
                        me.publicKey(), sender.publicKey());
                plan.verify(s, p.senderCommitments());
                subShares.add(s);
                bySender.put(p.senderX(), p.senderCommitments());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                event("sub-share of vault " + v + " from old holder '" + p.senderName() + "' (x=" + p.senderX()
                        + ") does not verify");
                refuse(channel, v, epoch, Reason.BAD_SUBSHARE, p.senderX(), e.getMessage());
                return;
            }
        }
        Share share;
        Commitments next;
        try {
            share = plan.combineSubShares(subShares, bySender);
            next = plan.combineCommitments(bySender);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            refuse(channel, v, epoch, Reason.VERIFICATION_FAILED, 0, e.getMessage());
            return;
        }
        if (bound == null) {
            bind(VaultBinding.firstDealtBy(v, dealer.keyId()));
        }
        storeAndAcknowledge(channel, new StoredShare(v, epoch, d.x(), dealer.keyId(), d.newHolders(), next, share));
        event("stored new share x=" + d.x() + " of vault " + v + " (" + d.newThreshold() + "-of-" + d.newHolders().size()
                + ", epoch " + epoch + " pending until the dealer commits)");
    }

    KeyId keyId() {
        return me.keyId();
    }
}
