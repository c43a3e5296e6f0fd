package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.crypto.Secrets;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.sharing.ChunkedFileCipher;
import dev.dkg.sharing.CollectRequest;
import dev.dkg.sharing.Refusal;
import dev.dkg.sharing.ShareReturn;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.VaultId;
import dev.dkg.sharing.VaultKey;
import dev.dkg.vss.Feldman;
import dev.dkg.vss.Secret;
import dev.dkg.vss.Share;
import dev.dkg.vss.ShareVerificationException;
import dev.dkg.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Combine (docs/protocol.md 12.5): asks each connected holder of a vault for its share with a fresh signed
 * request, checks every answer as it arrives, and with t good shares recovers the vault key and writes the
 * file.
 *
 * <p>Guarantees: a returned share is accepted only if it answers this request's nonce, is signed by the key
 * it was dealt to and verifies against the commitments; every holder whose share is refused is named
 * (late answers too, for a short while); with fewer than t good shares nothing is written; an existing
 * output file is replaced only with {@code force}, and is checked before any share is collected.
 */
final class CombineCeremony {
    private static final Logger log = LoggerFactory.getLogger(CombineCeremony.class);
    static final Duration LATE_ANSWER_GRACE = Duration.ofSeconds(2);

    private final HolderExchange exchange;
    private final HolderRegistry holders;
    private final VaultStore vaults;
    private final Identity me;
    private final SecureRandom random;

    CombineCeremony(HolderExchange exchange, VaultStore vaults, Identity me, SecureRandom random) {
        this.exchange = exchange;
        this.holders = exchange.holders;
        this.vaults = vaults;
        this.me = me;
        this.random = random;
    }

    private void say(String line) {
        exchange.say(line);
    }

    /** What a combine recovered, for the caller to show. */
    record Recovered(VaultId vault, List<String> from, List<String> rejected, long bytes) {}

    /** Collects t good shares of {@code vault}, recovers its key and writes the file to {@code outFile}. */
    Recovered run(VaultId vault, Path outFile, boolean force, PrintWriter phraseTo, Duration wait)
            throws IOException, InterruptedException {
        VaultState state = vaults.state(vault);
        if (Files.exists(outFile) && !force) {
            throw new CliException(ExitCode.IO, "refusing to overwrite existing file: " + outFile,
                    "choose another --out, or add --force");
        }
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new CliException(ExitCode.IO, "cannot write " + outFile + ": " + parent
                    + " is not a writable directory; no share was collected");
        }
        int t = state.threshold();
        List<String> names = state.holderNames();
        long deadline = System.nanoTime() + wait.toNanos();
        holders.awaitConnected(names, t, wait, exchange.out());
        holders.expect(names, Set.of(SharingKinds.SHARE_RETURN, SharingKinds.REFUSAL));
        try {
            return collect(state, outFile, force, phraseTo, deadline);
        } finally {
            holders.expectNothing();
        }
    }

    private Recovered collect(VaultState state, Path outFile, boolean force, PrintWriter phraseTo, long deadline)
            throws IOException, InterruptedException {
        VaultId vault = state.vault();
        int t = state.threshold();
        List<String> names = state.holderNames();
        // A holder connected with another key is named once per connection, not at every pass.
        Set<PeerIdentity> notAsked = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, CollectRequest> asked = new LinkedHashMap<>();
        Map<Integer, Share> good = new TreeMap<>();
        List<String> goodFrom = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        while (good.size() < t) {
            for (String n : names) {
                if (!asked.containsKey(n) && holders.isConnected(n)) {
                    CollectRequest request = askFor(state, n, notAsked);
                    if (request != null) {
                        asked.put(n, request);
                        say("waiting for " + n + "'s approval (up to "
                                + Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L) + " s)");
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
        long bytes = decryptVault(secret, state, outFile, force, phraseTo);
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

    private CollectRequest askFor(VaultState state, String n, Set<PeerIdentity> notAsked) throws IOException {
        PeerIdentity peer = holders.peer(n);
        if (peer == null) {
            return null;
        }
        if (!peer.publicKey().equals(HolderExchange.dealtKey(state, n))) {
            if (notAsked.add(peer)) {
                say("holder '" + n + "' connected with another key than the one its share was sealed for; not asking it");
                log.warn("holder {} key {} differs from the dealt key", n, peer.keyId().fingerprint());
            }
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

    private long decryptVault(Secret secret, VaultState state, Path outFile, boolean force, PrintWriter phraseTo)
            throws IOException {
        VaultId vault = state.vault();
        byte[] key = VaultKey.derive(secret, vault);
        Path partial = outFile.toAbsolutePath().resolveSibling("." + outFile.getFileName() + ".partial-"
                + HexFormat.of().formatHex(VaultId.random(random).bytes(), 0, 6));
        ByteArrayOutputStream phrase = new ByteArrayOutputStream();
        long[] length = new long[1];
        try {
            try (InputStream in = Files.newInputStream(vaults.phraseFile(vault))) {
                ChunkedFileCipher.decrypt(key, Dealer.context(Dealer.PHRASE_CONTEXT, vault), in, phrase);
            }
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(vaults.contentFile(vault)), 1 << 16)) {
                SecretFiles.writeNew(partial, o -> {
                    try {
                        length[0] = ChunkedFileCipher.decrypt(key, Dealer.context(Dealer.FILE_CONTEXT, vault), in, o);
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
            if (phraseTo != null) {
                byte[] p = phrase.toByteArray();
                synchronized (phraseTo) {
                    phraseTo.println("phrase: " + new String(p, StandardCharsets.UTF_8));
                    phraseTo.flush();
                }
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
}
