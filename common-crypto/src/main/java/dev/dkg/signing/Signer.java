package dev.dkg.signing;

import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.Sha256;
import dev.dkg.frost.Element;
import dev.dkg.frost.Frost;
import dev.dkg.frost.SecretShare;
import dev.dkg.frost.SignatureShare;
import dev.dkg.frost.SigningCommitment;
import dev.dkg.frost.SigningNonces;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One holder's side of FROST signing sessions (docs/protocol.md 16.3) on a channel to the Coordinator: announces
 * itself ready for one key, shows each request to its operator, commits only after approval, and answers round
 * two exactly once per commitment.
 *
 * <p>Guarantees: nonces are drawn fresh for each session after approval, live only in this object's memory, and
 * are destroyed when the signature share is computed, when the session ends, or when the channel fails, so no
 * pair of nonces ever serves two signature shares; a second round-two request, or one for a session whose nonces
 * are gone, is refused (ERROR 1, close). Round two is answered only for the message the operator approved and
 * only if the commitment list holds this signer's commitment unchanged.
 */
public final class Signer {
    private static final Logger log = LoggerFactory.getLogger(Signer.class);
    private static final Logger audit = LoggerFactory.getLogger("audit");
    /** Messages up to this size that are printable UTF-8 are shown to the operator in full. */
    static final int SHOWN_TEXT_BYTES = 200;

    /** What the operator is asked to approve. */
    public record Request(String requester, String keyIdHex, String sessionIdHex, List<String> signers, int length,
                          String sha256Hex, Optional<String> text) {
        /** The lines shown before the prompt. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            lines.add("signing request from " + requester + " for key " + keyIdHex + " (session " + sessionIdHex + ")");
            lines.add("  signers: " + String.join(" ", signers));
            lines.add("  message: " + length + " bytes, SHA-256 " + sha256Hex);
            text.ifPresent(t -> lines.add("  text: " + t));
            return lines;
        }
    }

    /** Decides whether to take part: a prompt to the operator, or automatic approval. */
    @FunctionalInterface
    public interface Approval {
        boolean approve(Request request) throws IOException;
    }

    /** Where the signer reports what it does, one line each (stdout for the executable). */
    @FunctionalInterface
    public interface Events {
        void line(String line);
    }

    /** A refused round-two request, a malformed message, or a session the signer cannot take part in. */
    public static final class SigningRefusedException extends IOException {
        SigningRefusedException(String message) {
            super(message);
        }
    }

    private final SigningKey key;
    private final SecretShare share;
    private final Frost frost;
    private final Approval approval;
    private final Events events;
    private final SecureRandom random;
    private final String name;

    /** The session whose nonces this signer holds, if any. */
    private CommitRequest pending;
    private SigningNonces nonces;

    public Signer(SigningKey key, SecretShare share, String name, Approval approval, Events events, SecureRandom random) {
        if (share.suite() != key.suite() || key.identifierOf(name) != share.identifier()) {
            throw new IllegalArgumentException("the share of " + name + " does not belong to key " + key.keyIdHex());
        }
        this.key = key;
        this.share = share;
        this.name = name;
        this.frost = new Frost(key.suite());
        this.approval = approval;
        this.events = events;
        this.random = random;
    }

    /**
     * Sends SIGNER_READY, then answers sessions: until the first session ends (returning how it ended) or, with
     * {@code watch}, until the channel closes (then throws the EOFException).
     */
    public SessionEnded serve(SecureChannel channel, boolean watch) throws IOException {
        try {
            channel.send(SigningMessages.SIGNER_READY, new SignerReady(key.keyId()).encode());
            events.line("ready to sign with key " + key.keyIdHex() + " (" + key.describe() + ") as " + name);
            while (true) {
                SecureChannel.Message m = channel.receive(SigningMessages.TO_SIGNER);
                SessionEnded ended = answer(channel, m);
                if (ended != null) {
                    if (!watch) {
                        return ended;
                    }
                    // The Coordinator hands a signer to the next session only once it says it is ready again.
                    channel.send(SigningMessages.SIGNER_READY, new SignerReady(key.keyId()).encode());
                }
            }
        } finally {
            forget();
        }
    }

    private SessionEnded answer(SecureChannel channel, SecureChannel.Message m) throws IOException {
        try {
            if (m.kind() == SigningMessages.COMMIT_REQUEST) {
                roundOne(channel, CommitRequest.decode(m.payload()));
                return null;
            }
            if (m.kind() == SigningMessages.SHARE_REQUEST) {
                roundTwo(channel, ShareRequest.decode(m.payload(), key.suite().elementBytes()));
                return null;
            }
            SessionEnded ended = SessionEnded.decode(m.payload());
            if (pending != null && Arrays.equals(pending.sessionId(), ended.sessionId())) {
                forget();
            }
            events.line("session " + HexFormat.of().formatHex(ended.sessionId()) + " ended: " + ended.describe());
            return ended;
        } catch (WireFormatException e) {
            throw refuse(channel, "malformed message from the Coordinator: " + e.getMessage());
        }
    }

    private void roundOne(SecureChannel channel, CommitRequest request) throws IOException {
        forget(); // a new request supersedes an unfinished session: its nonces are never used
        if (!Arrays.equals(request.keyId(), key.keyId())) {
            throw refuse(channel, "asked to sign with key " + request.keyIdHex() + ", not " + key.keyIdHex());
        }
        List<Integer> ids = request.identifiers();
        if (!ids.contains(share.identifier()) || ids.size() < key.threshold() || ids.get(ids.size() - 1) > key.holders().size()) {
            throw refuse(channel, "the signer list " + ids + " is not a valid set of at least " + key.threshold()
                    + " holders including this one (" + share.identifier() + ")");
        }
        byte[] message = request.message();
        Request shown = new Request(request.requester(), request.keyIdHex(), request.sessionIdHex(),
                ids.stream().map(key::holder).toList(), message.length, HexFormat.of().formatHex(Sha256.of(message)),
                printable(message));
        if (!approval.approve(shown)) {
            channel.send(SigningMessages.DECLINED, SigningMessages.encodeDeclined(request.sessionId()));
            events.line("declined session " + request.sessionIdHex() + " from " + request.requester());
            audit.info("signing declined session={} requester={} key={} sha256={}", request.sessionIdHex(),
                    request.requester(), request.keyIdHex(), shown.sha256Hex());
            return;
        }
        nonces = frost.commit(share, random);
        pending = request;
        SigningCommitment c = nonces.commitment();
        channel.send(SigningMessages.COMMITMENT,
                new NonceCommitment(request.sessionId(), c.hiding().toBytes(), c.binding().toBytes()).encode());
    }

    private void roundTwo(SecureChannel channel, ShareRequest request) throws IOException {
        if (pending == null || !Arrays.equals(pending.sessionId(), request.sessionId())) {
            String session = HexFormat.of().formatHex(request.sessionId());
            throw refuse(channel, "round-two request for session " + session
                    + " refused: this signer holds no nonces for it (already answered, ended or never committed)");
        }
        CommitRequest approved = pending;
        SigningNonces used = nonces;
        // Whatever happens below, these nonces never serve a second request.
        pending = null;
        nonces = null;
        try {
            if (!Arrays.equals(request.message(), approved.message())) {
                throw refuse(channel, "round two asks to sign a message other than the one approved");
            }
            if (!request.identifiers().equals(approved.identifiers())) {
                throw refuse(channel, "round two lists signers " + request.identifiers() + ", round one "
                        + approved.identifiers());
            }
            List<SigningCommitment> list = new ArrayList<>(request.commitments().size());
            for (ShareRequest.Entry e : request.commitments()) {
                Element hiding = key.suite().deserializeElement(e.hiding());
                Element binding = key.suite().deserializeElement(e.binding());
                list.add(new SigningCommitment(e.identifier(), hiding, binding));
            }
            if (!list.contains(used.commitment())) {
                throw refuse(channel, "the commitment list does not hold this signer's commitment unchanged");
            }
            SignatureShare z = frost.sign(share, key.groupKey(), used, request.message(), list);
            channel.send(SigningMessages.SIGNATURE_SHARE, new ShareReply(request.sessionId(), z.toBytes()).encode());
            String sha = HexFormat.of().formatHex(Sha256.of(approved.message()));
            events.line("signed: session " + approved.sessionIdHex() + " for " + approved.requester() + ", key "
                    + key.keyIdHex() + ", " + approved.message().length + " bytes, SHA-256 " + sha);
            audit.info("signed session={} requester={} key={} length={} sha256={}", approved.sessionIdHex(),
                    approved.requester(), key.keyIdHex(), approved.message().length, sha);
        } catch (IllegalArgumentException e) { // InvalidEncodingException included
            throw refuse(channel, "round two refused: " + e.getMessage());
        } finally {
            used.destroy();
        }
    }

    private SigningRefusedException refuse(SecureChannel channel, String reason) {
        forget();
        channel.reject(ErrorCode.PROTOCOL, reason);
        log.warn("{}", reason);
        return new SigningRefusedException(reason);
    }

    /** Destroys any nonces held: the session they were for can no longer get a share from this signer. */
    private void forget() {
        if (nonces != null) {
            nonces.destroy();
        }
        nonces = null;
        pending = null;
    }

    /** The message as text, if it is short, well-formed UTF-8 without control characters (other than tab). */
    static Optional<String> printable(byte[] message) {
        if (message.length > SHOWN_TEXT_BYTES) {
            return Optional.empty();
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
            String shown = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            boolean clean = shown.codePoints().allMatch(cp -> cp == '\t' || !(Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR));
            return clean ? Optional.of(shown) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

}
