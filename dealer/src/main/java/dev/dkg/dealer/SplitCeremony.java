package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.crypto.Secrets;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.sharing.ChunkedFileCipher;
import dev.dkg.sharing.EpochNotice;
import dev.dkg.sharing.ShareOffer;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.VaultId;
import dev.dkg.sharing.VaultKey;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Dealing;
import dev.dkg.vss.Feldman;
import dev.dkg.vss.Secret;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Split (docs/protocol.md 12.4): draws a fresh secret, encrypts the phrase and the file under its vault key,
 * deals t-of-n Feldman shares to the holders and keeps the vault only if every holder acknowledged its
 * share; then commits epoch 0, which tells each holder the split succeeded.
 *
 * <p>Guarantees: no share is sent unless every holder is connected with a certificate that validates now;
 * each receipt is checked against the key the share was sent to; after the split the dealer keeps only the
 * encrypted vault and public commitments; a failed split keeps no vault and tells the holders that stored
 * a share to delete it.
 */
final class SplitCeremony {
    private static final Logger log = LoggerFactory.getLogger(SplitCeremony.class);

    private final HolderExchange exchange;
    private final VaultStore vaults;
    private final Clock clock;
    private final SecureRandom random;

    SplitCeremony(HolderExchange exchange, VaultStore vaults, Clock clock, SecureRandom random) {
        this.exchange = exchange;
        this.vaults = vaults;
        this.clock = clock;
        this.random = random;
    }

    /** Splits among {@code names}; returns the new vault's id. The phrase array is wiped. */
    VaultId run(int threshold, List<String> names, char[] phrase, Path file, String label, Duration wait)
            throws IOException, InterruptedException {
        try {
            Dealer.checkSplitLimits(threshold, names);
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCode.IO, "no such file: " + file);
            }
            exchange.awaitAll(names, wait);
            // The key each share goes to: its receipt must be signed with it, and the vault records it.
            Map<String, PeerIdentity> dealtTo = new LinkedHashMap<>();
            for (String n : names) {
                dealtTo.put(n, exchange.checkHolderCertificate(n));
            }
            return deal(threshold, names, dealtTo, phrase, file, label, wait);
        } finally {
            Secrets.wipe(phrase);
        }
    }

    private VaultId deal(int threshold, List<String> names, Map<String, PeerIdentity> dealtTo, char[] phrase,
                         Path file, String label, Duration wait) throws IOException, InterruptedException {
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
            exchange.holders.expect(names, HolderExchange.RECEIPT_OR_REFUSAL);
            for (int i = 0; i < names.size(); i++) {
                byte[] body = new ShareOffer(vault, 0, i + 1, names, commitments, dealing.shares().get(i)).encode();
                try {
                    exchange.holders.send(names.get(i), SharingKinds.SHARE_OFFER, body);
                } finally {
                    Secrets.wipe(body);
                }
            }
            // The shares are gone from here on: only the holders have them.
            dealing = null;
            Map<String, HolderExchange.Reply> replies = exchange.gather(names,
                    HolderExchange.answerTimeout(wait));
            exchange.holders.expectNothing();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                String problem = HolderExchange.checkReceipt(replies.get(n), vault, 0, i + 1, commitments,
                        dealtTo.get(n).publicKey());
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
                list.add(new VaultState.Holder(n, dealtTo.get(n).certificate()));
            }
            VaultState first = VaultState.first(vault, clock.instant().getEpochSecond(), file.getFileName().toString(),
                    length, list, commitments, label);
            vaults.publish(partial, first);
            published = true;
            exchange.notices.owe(first);
            List<VaultState.Pending> left = exchange.notices.awaitConfirmed(vault, PendingNotices.CONFIRM_WAIT);
            exchange.say("vault " + vault + ": " + threshold + "-of-" + names.size() + " " + String.join(",", names)
                    + "; every holder acknowledged its share"
                    + PendingNotices.unconfirmed(left, names.size(), "confirmed the split"));
            exchange.say("hint: " + file + " is now held encrypted in the vault; you may delete it");
            return vault;
        } finally {
            exchange.holders.expectNothing();
            if (!published) {
                for (String n : acknowledged) {
                    exchange.tell(n, SharingKinds.SHARE_DELETE, new EpochNotice(vault, 0));
                }
                vaults.discardPartial(partial);
            }
        }
    }

    /** Writes phrase.enc and file.enc (owner-only) into {@code dir}; returns the file's length. */
    private long encryptVault(Secret secret, VaultId vault, char[] phrase, Path file, Path dir) throws IOException {
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
            SecretFiles.writeNew(dir.resolve(VaultStore.PHRASE_FILE), o -> encrypt(key,
                    Dealer.context(Dealer.PHRASE_CONTEXT, vault), phrasePrefix, new ByteArrayInputStream(phraseBytes), o));
            long[] length = new long[1];
            try (InputStream in = Files.newInputStream(file)) {
                SecretFiles.writeNew(dir.resolve(VaultStore.CONTENT_FILE), o -> {
                    BufferedOutputStream buffered = new BufferedOutputStream(o, 1 << 16);
                    length[0] = encrypt(key, Dealer.context(Dealer.FILE_CONTEXT, vault), filePrefix, in, buffered);
                    buffered.flush();
                });
            }
            return length[0];
        } finally {
            Secrets.wipe(key, phraseBytes);
        }
    }

    private static long encrypt(byte[] key, byte[] context, byte[] prefix, InputStream in, java.io.OutputStream o)
            throws IOException {
        try {
            return ChunkedFileCipher.encrypt(key, context, prefix, in, o);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the vault: " + e.getMessage(), e);
        }
    }
}
