package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.crypto.Secrets;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.Subject;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.sharing.ChunkedFileCipher;
import dev.dkg.sharing.CollectRequest;
import dev.dkg.sharing.EpochNotice;
import dev.dkg.sharing.NewHolder;
import dev.dkg.sharing.Receipt;
import dev.dkg.sharing.RefreshOffer;
import dev.dkg.sharing.Refusal;
import dev.dkg.sharing.ShareOffer;
import dev.dkg.sharing.ShareReturn;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.SubShareBundle;
import dev.dkg.sharing.SubShareDelivery;
import dev.dkg.sharing.SubShareRequest;
import dev.dkg.sharing.VaultId;
import dev.dkg.sharing.VaultKey;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Dealing;
import dev.dkg.vss.Feldman;
import dev.dkg.vss.Redistribution;
import dev.dkg.vss.Refresh;
import dev.dkg.vss.RefreshDelta;
import dev.dkg.vss.Secret;
import dev.dkg.vss.Share;
import dev.dkg.vss.ShareVerificationException;
import dev.dkg.wire.WireFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dealer's operations, shared by the menu and the subcommands: split, combine, refresh, reshare and
 * status, each talking to the connected holders through the {@link HolderRegistry}.
 *
 * <p>Guarantees: shares go only to holders whose certificate validates now (our CA, dates, role
 * share-holder); after a split the dealer keeps only the encrypted vault and public commitments; combine
 * accepts a returned share only if it answers this request's nonce, is signed by the holder it was dealt
 * to and verifies against the commitments, names every holder whose share is refused, and writes nothing
 * with fewer than t good shares; refresh and reshare never reconstruct the secret and switch the vault to
 * the new sharing only after every holder of it has acknowledged a verified share.
 */
final class Dealer {
    private static final Logger log = LoggerFactory.getLogger(Dealer.class);
    static final Duration LATE_ANSWER_GRACE = Duration.ofSeconds(2);
    static final byte[] PHRASE_CONTEXT = "dkg vault v1 phrase".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FILE_CONTEXT = "dkg vault v1 file".getBytes(StandardCharsets.US_ASCII);

    private final Identity me;
    private final TrustAnchor trust;
    private final VaultStore vaults;
    private final HolderRegistry holders;
    private final PrintWriter out;
    private final Clock clock;
    private final SecureRandom random;

    Dealer(Identity me, TrustAnchor trust, VaultStore vaults, HolderRegistry holders, PrintWriter out, Clock clock,
           SecureRandom random) {
        this.me = me;
        this.trust = trust;
        this.vaults = vaults;
        this.holders = holders;
        this.out = out;
        this.clock = clock;
        this.random = random;
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    // ---------------------------------------------------------------- split

    /** Checks t and the holder list: 2 <= t <= n <= 255, well-formed distinct names. */
    static void checkSplitLimits(int threshold, List<String> names) {
        if (names.size() > 255) {
            throw new CliException(ExitCode.USAGE, "at most 255 holders, not " + names.size());
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            try {
                Subject.checkName(n);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "holder " + e.getMessage());
            }
            if (!seen.add(n)) {
                throw new CliException(ExitCode.USAGE, "holder '" + n + "' is listed twice");
            }
        }
        if (threshold < 2) {
            throw new CliException(ExitCode.USAGE, "the threshold must be at least 2, not " + threshold,
                    "with t = 1 every holder alone would have the secret");
        }
        if (names.size() < threshold) {
            throw new CliException(ExitCode.USAGE, "the threshold " + threshold + " exceeds the " + names.size()
                    + " holders", "give at least t holders with --holders");
        }
    }

    /**
     * Splits a fresh secret t-of-n among {@code names}, encrypting {@code phrase} and the file under the
     * vault key; returns the new vault's id. The phrase array is wiped.
     */
    VaultId split(int threshold, List<String> names, char[] phrase, Path file, Duration wait)
            throws IOException, InterruptedException {
        try {
            checkSplitLimits(threshold, names);
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCode.IO, "no such file: " + file);
            }
            awaitAll(names, wait);
            for (String n : names) {
                checkHolderCertificate(n);
            }
            return deal(threshold, names, phrase, file, wait);
        } finally {
            Secrets.wipe(phrase);
        }
    }

    private VaultId deal(int threshold, List<String> names, char[] phrase, Path file, Duration wait)
            throws IOException, InterruptedException {
        VaultId vault = VaultId.random(random);
        Path partial = vaults.createPartial(vault);
        boolean published = false;
        Set<String> acknowledged = new LinkedHashSet<>();
        try {
            Secret secret = Feldman.randomSecret(random);
            Dealing dealing = Feldman.split(secret, threshold, names.size(), random);
            Commitments commitments = dealing.commitments();
            long length = encryptVault(secret, vault, phrase, file, partial);
            secret = null;
            holders.drain();
            for (int i = 0; i < names.size(); i++) {
                byte[] body = new ShareOffer(vault, 0, i + 1, names, commitments, dealing.shares().get(i))
                        .encode();
                try {
                    holders.send(names.get(i), SharingKinds.SHARE_OFFER, body);
                } finally {
                    Secrets.wipe(body);
                }
            }
            // The shares are gone from here on: only the holders have them.
            dealing = null;
            Map<String, Reply> replies = gather(names, answerTimeout(wait));
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                String problem = checkReceipt(replies.get(n), vault, 0, i + 1, commitments, n);
                if (problem == null) {
                    acknowledged.add(n);
                } else {
                    failures.add(n + " (" + problem + ")");
                    log.warn("split of vault {}: holder {} did not acknowledge: {}", vault, n, problem);
                }
            }
            if (!failures.isEmpty()) {
                throw new CliException(ExitCode.FAILURE, "split failed: no valid receipt from " + String.join(", ",
                        failures), "no vault was kept; the holders that stored a share were told to delete it");
            }
            List<VaultState.Holder> list = new ArrayList<>();
            for (String n : names) {
                list.add(new VaultState.Holder(n, holders.peer(n) == null ? null : holders.peer(n).certificate()));
            }
            if (list.stream().anyMatch(h -> h.certificate() == null)) {
                throw new CliException(ExitCode.FAILURE, "split failed: a holder disconnected after acknowledging");
            }
            vaults.publish(partial, new VaultState(vault, 0, 0, clock.instant().getEpochSecond(),
                    file.getFileName().toString(), length, list, commitments));
            published = true;
            say("vault " + vault + ": " + threshold + "-of-" + names.size() + " " + String.join(",", names)
                    + "; every holder acknowledged its share");
            say("hint: " + file + " is now held encrypted in the vault; you may delete it");
            return vault;
        } finally {
            if (!published) {
                for (String n : acknowledged) {
                    notify(n, SharingKinds.SHARE_DELETE, new EpochNotice(vault, 0));
                }
                vaults.discardPartial(partial);
            }
        }
    }

    private long encryptVault(Secret secret, VaultId vault, char[] phrase, Path file, Path dir)
            throws IOException {
        byte[] key = VaultKey.derive(secret, vault);
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(phrase));
        byte[] phraseBytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            byte[] phrasePrefix = new byte[ChunkedFileCipher.PREFIX_BYTES];
            byte[] filePrefix = new byte[ChunkedFileCipher.PREFIX_BYTES];
            random.nextBytes(phrasePrefix);
            do {
                random.nextBytes(filePrefix);
            } while (Arrays.equals(phrasePrefix, filePrefix));
            try (OutputStream o = Files.newOutputStream(dir.resolve(VaultStore.PHRASE_FILE))) {
                ChunkedFileCipher.encrypt(key, context(PHRASE_CONTEXT, vault), phrasePrefix,
                        new ByteArrayInputStream(phraseBytes), o);
            }
            long length;
            try (InputStream in = Files.newInputStream(file);
                 OutputStream o = new java.io.BufferedOutputStream(
                         Files.newOutputStream(dir.resolve(VaultStore.CONTENT_FILE)), 1 << 16)) {
                length = ChunkedFileCipher.encrypt(key, context(FILE_CONTEXT, vault), filePrefix, in, o);
            }
            return length;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the vault: " + e.getMessage(), e);
        } finally {
            Secrets.wipe(key, phraseBytes);
        }
    }

    static byte[] context(byte[] label, VaultId vault) {
        byte[] c = Arrays.copyOf(label, label.length + VaultId.LENGTH);
        System.arraycopy(vault.bytes(), 0, c, label.length, VaultId.LENGTH);
        return c;
    }

    // ---------------------------------------------------------------- combine

    /** What a combine recovered, for the caller to show. */
    record Recovered(VaultId vault, List<String> from, List<String> rejected, long bytes) {}

    Recovered combine(VaultId vault, Path outFile, boolean force, boolean showPhrase, Duration wait)
            throws IOException, InterruptedException {
        VaultState state = vaults.state(vault);
        if (Files.exists(outFile) && !force) {
            throw new CliException(ExitCode.IO, "refusing to overwrite existing file: " + outFile,
                    "choose another --out, or add --force");
        }
        int t = state.threshold();
        List<String> names = state.holderNames();
        long deadline = System.nanoTime() + wait.toNanos();
        holders.awaitConnected(names, t, wait, out);
        holders.drain();
        Map<String, CollectRequest> asked = new LinkedHashMap<>();
        Map<Integer, Share> good = new TreeMap<>();
        List<String> goodFrom = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        while (good.size() < t) {
            for (String n : names) {
                if (!asked.containsKey(n) && holders.isConnected(n)) {
                    CollectRequest request = askFor(state, n);
                    if (request != null) {
                        asked.put(n, request);
                    }
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || answered.size() == names.size()) {
                break;
            }
            HolderRegistry.Incoming in = holders.poll(Duration.ofNanos(Math.min(left, 250_000_000L)));
            if (in == null || !asked.containsKey(in.holder()) || answered.contains(in.holder())) {
                if (in != null && in.kind() == HolderRegistry.DISCONNECTED && asked.containsKey(in.holder())
                        && !answered.contains(in.holder())) {
                    // It may come back before the deadline; ask again then.
                    asked.remove(in.holder());
                }
                continue;
            }
            if (in.kind() < 0) {
                continue;
            }
            String n = in.holder();
            answered.add(n);
            int x = state.xOf(n);
            try {
                Share share = checkReturn(state, asked.get(n), n, x, in);
                good.put(x, share);
                goodFrom.add(n);
                say("good share from '" + n + "' (" + good.size() + "/" + t + ")");
            } catch (RejectedShare e) {
                rejected.add(n);
                say("rejected the share of holder '" + n + "': " + e.getMessage());
                log.warn("vault {}: share of holder {} rejected: {}", vault, n, e.getMessage());
            } finally {
                Secrets.wipe(in.payload());
            }
        }
        if (good.size() < t) {
            int missing = t - good.size();
            throw new CliException(ExitCode.FAILURE, "only " + good.size() + " good share" + (good.size() == 1 ? "" : "s")
                    + " of the " + t + " needed: " + missing + " missing; nothing was written"
                    + (rejected.isEmpty() ? "" : " (rejected: " + String.join(", ", rejected) + ")"),
                    "start more holders of the vault (" + String.join(", ", names) + ") and try again");
        }
        Secret secret;
        try {
            secret = Feldman.combine(good.values(), state.commitments());
        } catch (ShareVerificationException e) {
            throw new IllegalStateException("a verified share failed to combine", e);
        }
        good.clear();
        long bytes = decryptVault(secret, state, outFile, force, showPhrase);
        say("recovered vault " + vault + " from the shares of " + String.join(", ", goodFrom) + "; wrote " + outFile
                + " (" + bytes + " bytes)");
        reportLateAnswers(state, asked, answered, rejected);
        return new Recovered(vault, goodFrom, rejected, bytes);
    }

    /**
     * Holders asked at the same time usually answer within moments; their answers are still checked for a
     * short while after recovery, so a holder with a bad share is named even when enough good ones came
     * first.
     */
    private void reportLateAnswers(VaultState state, Map<String, CollectRequest> asked, Set<String> answered,
                                   List<String> rejected) throws InterruptedException {
        long deadline = System.nanoTime() + LATE_ANSWER_GRACE.toNanos();
        while (answered.size() < asked.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            HolderRegistry.Incoming in = holders.poll(Duration.ofNanos(left));
            if (in == null) {
                return;
            }
            String n = in.holder();
            if (in.kind() < 0 || !asked.containsKey(n) || !answered.add(n)) {
                continue;
            }
            try {
                checkReturn(state, asked.get(n), n, state.xOf(n), in);
            } catch (RejectedShare e) {
                rejected.add(n);
                say("rejected the share of holder '" + n + "': " + e.getMessage());
                log.warn("vault {}: share of holder {} rejected: {}", state.vault(), n, e.getMessage());
            } finally {
                Secrets.wipe(in.payload());
            }
        }
    }

    private CollectRequest askFor(VaultState state, String n) throws IOException {
        PeerIdentity peer = holders.peer(n);
        VaultState.Holder h = state.holders().get(state.xOf(n) - 1);
        if (peer == null) {
            return null;
        }
        if (!peer.publicKey().equals(h.certificate().getPublicKey())) {
            say("holder '" + n + "' connected with another key than the one its share was sealed for; not asking it");
            log.warn("holder {} key {} differs from the dealt key", n, peer.keyId().fingerprint());
            return null;
        }
        try {
            CollectRequest request = CollectRequest.sign(state.vault(), state.epoch(), me.privateKey(), random);
            holders.send(n, SharingKinds.COLLECT_REQUEST, request.encode());
            return request;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign a collection request: " + e.getMessage(), e);
        } catch (IOException e) {
            log.debug("asking {}: {}", n, e.toString());
            return null;
        }
    }

    /** A returned share was refused; the message says why, for the user and the log. */
    static final class RejectedShare extends Exception {
        RejectedShare(String message) {
            super(message);
        }
    }

    private Share checkReturn(VaultState state, CollectRequest request, String n, int x, HolderRegistry.Incoming in)
            throws RejectedShare {
        if (in.kind() == SharingKinds.REFUSAL) {
            try {
                Refusal r = Refusal.decode(in.payload());
                throw new RejectedShare("it returned no share: " + r.reason().description());
            } catch (WireFormatException e) {
                throw new RejectedShare("malformed refusal: " + e.getMessage());
            }
        }
        if (in.kind() != SharingKinds.SHARE_RETURN) {
            throw new RejectedShare("it answered with message kind " + in.kind());
        }
        ShareReturn r;
        try {
            r = ShareReturn.decode(in.payload());
        } catch (WireFormatException e) {
            throw new RejectedShare("malformed answer: " + e.getMessage());
        }
        try {
            r.verify(request, state.holders().get(x - 1).certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new RejectedShare(e.getMessage());
        }
        if (r.share().x() != x) {
            throw new RejectedShare("it returned share x=" + r.share().x() + ", but it holds x=" + x);
        }
        try {
            state.commitments().verify(r.share());
        } catch (ShareVerificationException e) {
            throw new RejectedShare("its share does not match the vault's commitments (damaged or tampered)");
        }
        return r.share();
    }

    private long decryptVault(Secret secret, VaultState state, Path outFile, boolean force, boolean showPhrase)
            throws IOException {
        VaultId vault = state.vault();
        byte[] key = VaultKey.derive(secret, vault);
        Path partial = outFile.toAbsolutePath().resolveSibling("." + outFile.getFileName() + ".partial-"
                + HexFormat.of().formatHex(VaultId.random(random).bytes(), 0, 6));
        ByteArrayOutputStream phrase = new ByteArrayOutputStream();
        long[] length = new long[1];
        try {
            try (InputStream in = Files.newInputStream(vaults.phraseFile(vault))) {
                ChunkedFileCipher.decrypt(key, context(PHRASE_CONTEXT, vault), in, phrase);
            }
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(vaults.contentFile(vault)), 1 << 16)) {
                SecretFiles.writeNew(partial, o -> {
                    try {
                        length[0] = ChunkedFileCipher.decrypt(key, context(FILE_CONTEXT, vault), in, o);
                    } catch (GeneralSecurityException e) {
                        throw new IOException(new CliException(ExitCode.VERIFICATION, "vault " + vault
                                + " content does not decrypt: " + e.getMessage()));
                    }
                });
            }
            if (force) {
                Files.move(partial, outFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A link does not replace an existing file, so a file created meanwhile is not overwritten.
                try {
                    Files.createLink(outFile, partial);
                    Files.delete(partial);
                } catch (UnsupportedOperationException e) {
                    Files.move(partial, outFile, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            if (showPhrase) {
                byte[] p = phrase.toByteArray();
                say("phrase: " + new String(p, StandardCharsets.UTF_8));
                Secrets.wipe(p);
            }
            return length[0];
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, "vault " + vault + " phrase does not decrypt: " + e.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof CliException c) {
                throw c;
            }
            throw e;
        } finally {
            Files.deleteIfExists(partial);
            Secrets.wipe(key);
            byte[] p = phrase.toByteArray();
            Secrets.wipe(p);
            phrase.reset();
        }
    }

    // ---------------------------------------------------------------- refresh

    /** Re-randomises every holder's share of {@code vault}; needs all n holders connected. */
    void refresh(VaultId vault, Duration wait) throws IOException, InterruptedException {
        VaultState state = vaults.state(vault);
        List<String> names = state.holderNames();
        awaitAll(names, wait);
        for (String n : names) {
            checkHolderCertificate(n);
            checkSameKey(state, n);
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
        holders.drain();
        for (RefreshDelta delta : refresh.deltas()) {
            byte[] body = new RefreshOffer(vault, state.epoch(), newEpoch, delta.x(), state.commitments(),
                    refresh.commitments(), delta).encode();
            try {
                holders.send(names.get(delta.x() - 1), SharingKinds.REFRESH_OFFER, body);
            } finally {
                Secrets.wipe(body);
            }
        }
        refresh = null;
        Map<String, Reply> replies = gather(names, answerTimeout(wait));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String problem = checkReceipt(replies.get(names.get(i)), vault, newEpoch, i + 1, next, names.get(i));
            if (problem != null) {
                failures.add(names.get(i) + " (" + problem + ")");
            }
        }
        if (!failures.isEmpty()) {
            for (String n : names) {
                notify(n, SharingKinds.EPOCH_ABORT, new EpochNotice(vault, newEpoch));
            }
            throw new CliException(ExitCode.FAILURE, "refresh failed: no valid receipt from " + String.join(", ",
                    failures), "the old shares stay valid; the holders were told to drop the new ones");
        }
        vaults.append(state.next(newEpoch, state.holders(), next));
        for (String n : names) {
            notify(n, SharingKinds.EPOCH_COMMIT, new EpochNotice(vault, newEpoch));
        }
        say("refreshed vault " + vault + ": every holder has a new share (epoch " + newEpoch
                + "); old shares no longer combine with new ones");
    }

    // ---------------------------------------------------------------- reshare

    /**
     * Moves {@code vault} to a {@code newThreshold}-of-n' sharing among {@code newNames}: t old holders
     * sub-share their shares to the new holders through this dealer, which cannot read them.
     */
    void reshare(VaultId vault, int newThreshold, List<String> newNames, Duration wait)
            throws IOException, InterruptedException {
        checkSplitLimits(newThreshold, newNames);
        VaultState state = vaults.state(vault);
        List<String> oldNames = state.holderNames();
        awaitAll(newNames, wait);
        List<String> oldPresent = holders.awaitConnected(oldNames, state.threshold(), wait, out);
        if (oldPresent.size() < state.threshold()) {
            throw new CliException(ExitCode.UNREACHABLE, "only " + oldPresent.size() + " of the " + state.threshold()
                    + " current holders needed are connected", "start more of: " + String.join(", ", oldNames));
        }
        List<NewHolder> recipients = new ArrayList<>();
        for (int i = 0; i < newNames.size(); i++) {
            PeerIdentity p = checkHolderCertificate(newNames.get(i));
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
            checkHolderCertificate(n);
            checkSameKey(state, n);
        }
        Redistribution plan = new Redistribution(state.commitments(), senderXs, t2,
                recipients.stream().map(NewHolder::x).toList());
        holders.drain();
        byte[] request = new SubShareRequest(vault, state.epoch(), newEpoch, state.commitments(), senderXs, t2,
                recipients).encode();
        for (String n : senders) {
            holders.send(n, SharingKinds.SUBSHARE_REQUEST, request);
        }
        Map<String, Reply> bundles = gather(senders, answerTimeout(Duration.ofSeconds(60)));
        Map<Integer, SubShareBundle> byX = new TreeMap<>();
        for (String n : senders) {
            int x = state.xOf(n);
            String problem;
            Reply reply = bundles.get(n);
            if (reply.failure() != null) {
                problem = reply.failure();
            } else if (reply.kind() == SharingKinds.REFUSAL) {
                problem = refusalText(reply.payload());
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
                abort(newNames, vault, newEpoch);
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
            abort(newNames, vault, newEpoch);
            return n;
        } catch (GeneralSecurityException e) {
            say("the senders' commitments are degenerate; trying again");
            abort(newNames, vault, newEpoch);
            return senders.get(senders.size() - 1);
        }
        for (NewHolder r : recipients) {
            List<SubShareDelivery.Part> parts = new ArrayList<>();
            for (Map.Entry<Integer, SubShareBundle> e : byX.entrySet()) {
                VaultState.Holder sender = state.holders().get(e.getKey() - 1);
                parts.add(new SubShareDelivery.Part(e.getKey(), sender.name(), sender.certificate(),
                        e.getValue().senderCommitments(), e.getValue().sealedFor(r.x())));
            }
            holders.send(r.name(), SharingKinds.SUBSHARE_DELIVERY, new SubShareDelivery(vault, state.epoch(), newEpoch,
                    state.commitments(), t2, newNames, r.x(), parts).encode());
        }
        Map<String, Reply> receipts = gather(newNames, answerTimeout(Duration.ofSeconds(60)));
        List<String> failures = new ArrayList<>();
        for (NewHolder r : recipients) {
            Reply reply = receipts.get(r.name());
            if (reply.failure() == null && reply.kind() == SharingKinds.REFUSAL) {
                try {
                    Refusal refusal = Refusal.decode(reply.payload());
                    if (refusal.reason() == Refusal.Reason.BAD_SUBSHARE && senderXs.contains(refusal.blamedX())) {
                        String sender = state.holders().get(refusal.blamedX() - 1).name();
                        say("new holder '" + r.name() + "' reports a bad sub-share from old holder '" + sender + "'");
                        log.warn("reshare of vault {}: {} blames sender {}", vault, r.name(), sender);
                        abort(newNames, vault, newEpoch);
                        return sender;
                    }
                } catch (WireFormatException e) {
                    log.debug("refusal from {}: {}", r.name(), e.toString());
                }
            }
            String problem = checkReceipt(reply, vault, newEpoch, r.x(), next, r.name());
            if (problem != null) {
                failures.add(r.name() + " (" + problem + ")");
            }
        }
        if (!failures.isEmpty()) {
            abort(newNames, vault, newEpoch);
            throw new CliException(ExitCode.FAILURE, "reshare failed: no valid receipt from " + String.join(", ",
                    failures), "the old sharing is still valid; the new holders were told to drop their new shares");
        }
        List<VaultState.Holder> newHolders = recipients.stream()
                .map(r -> new VaultState.Holder(r.name(), r.certificate())).toList();
        vaults.append(state.next(newEpoch, newHolders, next));
        for (String n : newNames) {
            notify(n, SharingKinds.EPOCH_COMMIT, new EpochNotice(vault, newEpoch));
        }
        List<String> removed = new ArrayList<>();
        for (String n : state.holderNames()) {
            if (!newNames.contains(n)) {
                if (holders.isConnected(n)) {
                    notify(n, SharingKinds.SHARE_DELETE, new EpochNotice(vault, newEpoch));
                    removed.add(n);
                } else {
                    say("warning: former holder '" + n + "' is not connected and still keeps its old share; "
                            + "have it deleted");
                }
            }
        }
        say("reshared vault " + vault + ": now " + t2 + "-of-" + newNames.size() + " " + String.join(",", newNames)
                + " (epoch " + newEpoch + ")" + (removed.isEmpty() ? "" : "; told " + String.join(", ", removed)
                + " to delete their shares"));
        return null;
    }

    private void abort(List<String> names, VaultId vault, long epoch) {
        for (String n : names) {
            notify(n, SharingKinds.EPOCH_ABORT, new EpochNotice(vault, epoch));
        }
    }

    // ---------------------------------------------------------------- status

    void status() throws IOException {
        List<String> present = holders.connectedNames();
        say(present.size() + " holder" + (present.size() == 1 ? "" : "s") + " connected"
                + (present.isEmpty() ? "" : ": " + String.join(" ", present)));
        List<VaultId> ids = vaults.list();
        if (ids.isEmpty()) {
            say("no vaults");
        }
        for (VaultId id : ids) {
            try {
                VaultState s = vaults.state(id);
                long connected = s.holderNames().stream().filter(holders::isConnected).count();
                say("vault " + id + ": " + s.threshold() + "-of-" + s.holders().size() + " "
                        + String.join(",", s.holderNames()) + ", epoch " + s.epoch() + ", file " + s.fileName() + " ("
                        + s.fileLength() + " bytes), created " + Instant.ofEpochSecond(s.created()) + "; " + connected
                        + "/" + s.holders().size() + " holders connected");
            } catch (CliException e) {
                say("vault " + id + ": " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- common

    /** One holder's answer, or why there is none. */
    record Reply(int kind, byte[] payload, String failure) {}

    private Duration answerTimeout(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(30)) > 0 ? wait : Duration.ofSeconds(30);
    }

    private void awaitAll(Collection<String> names, Duration wait) throws InterruptedException {
        List<String> present = holders.awaitConnected(names, names.size(), wait, out);
        if (present.size() < names.size()) {
            List<String> missing = names.stream().filter(n -> !present.contains(n)).toList();
            throw new CliException(ExitCode.UNREACHABLE, "holder" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not connected after "
                    + wait.toSeconds() + " s; no share was sent",
                    "start them with share-holder.sh --dealer this address, or raise --wait");
        }
    }

    private PeerIdentity checkHolderCertificate(String name) {
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

    private void checkSameKey(VaultState state, String name) {
        PeerIdentity p = holders.peer(name);
        if (p == null || !p.publicKey().equals(state.holders().get(state.xOf(name) - 1).certificate().getPublicKey())) {
            throw new CliException(ExitCode.VERIFICATION, "holder '" + name + "' is connected with another key than "
                    + "the one its share was sealed for");
        }
    }

    /** One answer from each of {@code names} (first message wins), or a failure for those that gave none. */
    private Map<String, Reply> gather(Collection<String> names, Duration timeout) throws InterruptedException {
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

    /** Null if the reply is a valid receipt for exactly this vault, epoch, x and commitments; else the problem. */
    private String checkReceipt(Reply reply, VaultId vault, long epoch, int x, Commitments commitments, String name) {
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
            Receipt.decode(reply.payload()).verify(vault, epoch, x, commitments,
                    holders.peer(name) == null ? null : holders.peer(name).publicKey());
            return null;
        } catch (WireFormatException e) {
            return "malformed receipt: " + e.getMessage();
        } catch (GeneralSecurityException | NullPointerException e) {
            return "receipt does not verify: " + e.getMessage();
        }
    }

    private static String refusalText(byte[] payload) {
        try {
            return "it refused: " + Refusal.decode(payload).reason().description();
        } catch (WireFormatException e) {
            return "malformed refusal: " + e.getMessage();
        }
    }

    private void notify(String name, int kind, EpochNotice notice) {
        try {
            holders.send(name, kind, notice.encode());
        } catch (IOException e) {
            log.warn("could not tell holder {} ({}): {}", name, String.format("0x%04x", kind), e.getMessage());
        }
    }
}
