package dev.dkg.keygen.server;

import dev.dkg.acl.Acl;
import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.Limits;
import dev.dkg.channel.SecureChannel;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.signing.SignRequest;
import dev.dkg.signing.SignResult;
import dev.dkg.signing.SignerReady;
import dev.dkg.signing.SigningKey;
import dev.dkg.signing.SigningMessages;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keygen server as FROST Coordinator (docs/protocol.md section 16): the signing listener, the signers ready
 * for each key, and one {@link SigningSession} per request, run on the requester's connection thread.
 *
 * <p>A signer is ready from its SIGNER_READY until a session claims it; after the session it is ready again only
 * when it says so, so a signer that leaves after one session is never handed to the next. Requests are refused
 * unless the signing ACL grants {@code sign} on the key to the requester's certificate name.
 */
final class SigningService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SigningService.class);
    /** The one operation of the signing ACL. */
    static final List<String> ACL_OPERATIONS = List.of("sign");
    /** Signers may wait a long time for a request. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    /** How long a session waits for answers: an operator's approval, then a signature share. */
    record Timeouts(Duration approval, Duration share) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofMinutes(10), Duration.ofSeconds(60));
    }

    private final SigningKeys keys;
    private final Supplier<Acl> acl;
    private final RoundEvents events;
    private final SecureRandom random;
    private final Timeouts timeouts;
    private final ExecutorService sender;
    /** key id hex -> name -> ready signer; guarded by this. */
    private final Map<String, LinkedHashMap<String, ReadySigner>> ready = new HashMap<>();
    /** key id hex -> name -> connected signer (ready or in a session); guarded by this. */
    private final Map<String, Map<String, ReadySigner>> connected = new HashMap<>();
    private ChannelServer server;
    private java.util.concurrent.ScheduledExecutorService aclTimer;
    private SigningKeys closeableKeys;

    SigningService(SigningKeys keys, Supplier<Acl> acl, RoundEvents events, SecureRandom random, Timeouts timeouts) {
        this.keys = keys;
        this.acl = acl;
        this.events = events;
        this.random = random;
        this.timeouts = timeouts;
        this.sender = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "signing-send");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the signing listener on {@code listen}; {@code refreshAcl} runs every second (re-reading the file). */
    static SigningService start(Identity identity, TrustAnchor trust, InetSocketAddress listen, SigningKeys keys,
                                Supplier<Acl> acl, Runnable refreshAcl, RoundEvents events, SecureRandom random,
                                Timeouts timeouts) throws IOException {
        SigningService service = new SigningService(keys, acl, events, random, timeouts);
        service.closeableKeys = keys;
        service.aclTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signing-acl");
            t.setDaemon(true);
            return t;
        });
        service.aclTimer.scheduleWithFixedDelay(refreshAcl, 1, 1, TimeUnit.SECONDS);
        service.server = ChannelServer.start(listen, identity, trust, Set.of(Role.KEYGEN_CLIENT, Role.OTP_REQUESTER),
                Limits.defaults().withIdleTimeout(IDLE_TIMEOUT), service::handle);
        return service;
    }

    InetSocketAddress address() {
        return server.address();
    }

    int port() {
        return server.port();
    }

    /** The ChannelServer handler: a signer's connection or a requester's, told apart by the first message. */
    void handle(SecureChannel channel) throws IOException {
        SecureChannel.Message first = channel.receive(SigningMessages.OPENING);
        if (first.kind() == SigningMessages.SIGN_REQUEST) {
            serveRequest(channel, first.payload());
        } else {
            serveSigner(channel, first.payload());
        }
    }

    private void serveRequest(SecureChannel channel, byte[] body) throws IOException {
        SignRequest request;
        try {
            request = SignRequest.decode(body);
        } catch (WireFormatException e) {
            channel.reject(ErrorCode.PROTOCOL, "malformed SIGN_REQUEST: " + e.getMessage());
            return;
        }
        SignResult result = new SigningSession(this, channel.peer().name(), request, random, timeouts, sender).run();
        channel.send(SigningMessages.SIGN_RESULT, result.encode());
    }

    private void serveSigner(SecureChannel channel, byte[] body) throws IOException {
        String name = channel.peer().name();
        ReadySigner signer;
        try {
            signer = admit(channel, SignerReady.decode(body));
        } catch (WireFormatException e) {
            channel.reject(ErrorCode.PROTOCOL, "malformed SIGNER_READY: " + e.getMessage());
            return;
        }
        if (signer == null) {
            return;
        }
        String keyId = signer.key().keyIdHex();
        try {
            while (true) {
                SecureChannel.Message m = channel.receive();
                if (m.kind() == SigningMessages.SIGNER_READY && !signer.inSession()) {
                    if (!SignerReady.decode(m.payload()).keyIdHex().equals(keyId)) {
                        channel.reject(ErrorCode.PROTOCOL, name + " changed keys on one connection");
                        return;
                    }
                    makeReady(signer);
                } else if (signer.inSession() && SigningMessages.FROM_SIGNER.contains(m.kind())) {
                    signer.deliver(m);
                } else {
                    channel.reject(ErrorCode.PROTOCOL, name + " sent kind " + m.kind() + " outside its place in a session");
                    signer.lost(new IOException(name + " broke the protocol"));
                    return;
                }
            }
        } catch (IOException e) {
            signer.lost(e);
        } finally {
            leave(signer);
        }
    }

    /** Registers a ready signer, or refuses it (ERROR 3) if it holds no share of the key or is already connected. */
    private ReadySigner admit(SecureChannel channel, SignerReady hello) {
        String name = channel.peer().name();
        Optional<SigningKey> key = keys.find(hello.keyIdHex());
        int identifier = key.map(k -> k.identifierOf(name)).orElse(0);
        if (identifier == 0) {
            events.line("refused signer " + name + ": it holds no share of key " + hello.keyIdHex());
            channel.reject(ErrorCode.NOT_AUTHORISED, "not a holder of key " + hello.keyIdHex());
            return null;
        }
        ReadySigner signer = new ReadySigner(channel, key.get(), identifier);
        synchronized (this) {
            Map<String, ReadySigner> same = connected.computeIfAbsent(hello.keyIdHex(), k -> new HashMap<>());
            if (same.containsKey(name)) {
                events.line("refused signer " + name + ": already connected for key " + hello.keyIdHex());
                channel.reject(ErrorCode.NOT_AUTHORISED, "already connected as a signer for this key");
                return null;
            }
            same.put(name, signer);
        }
        makeReady(signer);
        return signer;
    }

    private synchronized void makeReady(ReadySigner signer) {
        String keyId = signer.key().keyIdHex();
        ready.computeIfAbsent(keyId, k -> new LinkedHashMap<>()).put(signer.name(), signer);
        events.line("signer ready: " + signer.name() + " for key " + keyId + " (" + readyNames(keyId) + " ready)");
        notifyAll();
    }

    private synchronized void leave(ReadySigner signer) {
        String keyId = signer.key().keyIdHex();
        Map<String, ReadySigner> r = ready.get(keyId);
        if (r != null && r.remove(signer.name(), signer)) {
            events.line("signer left: " + signer.name() + " for key " + keyId);
        }
        Map<String, ReadySigner> c = connected.get(keyId);
        if (c != null) {
            c.remove(signer.name(), signer);
        }
    }

    /** How many signers are ready for the key now. */
    synchronized int readyCount(String keyId) {
        return ready.getOrDefault(keyId, new LinkedHashMap<>()).size();
    }

    private String readyNames(String keyId) {
        return String.join(" ", ready.getOrDefault(keyId, new LinkedHashMap<>()).keySet());
    }

    SigningKeys keys() {
        return keys;
    }

    Acl acl() {
        return acl.get();
    }

    RoundEvents events() {
        return events;
    }

    /**
     * Takes signers for a session out of the ready set, waiting until {@code deadlineMillis} (System.nanoTime
     * based, in ms) for them: the named ones, or else the first {@code t} ready in participant order. Returns the
     * names still missing if they do not all come in time (empty list with null signers for "not enough").
     */
    synchronized Claim claim(SigningKey key, List<String> names, long waitMillis) throws InterruptedException {
        String keyId = key.keyIdHex();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Map<String, ReadySigner> r = ready.getOrDefault(keyId, new LinkedHashMap<>());
            List<ReadySigner> chosen = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            if (!names.isEmpty()) {
                for (String n : names) {
                    if (r.containsKey(n)) {
                        chosen.add(r.get(n));
                    } else {
                        missing.add(n);
                    }
                }
            } else {
                for (String holder : key.holders()) {
                    if (chosen.size() < key.threshold() && r.containsKey(holder)) {
                        chosen.add(r.get(holder));
                    }
                }
            }
            boolean complete = names.isEmpty() ? chosen.size() == key.threshold() : missing.isEmpty();
            if (complete) {
                chosen.sort((a, b) -> Integer.compare(a.identifier(), b.identifier()));
                for (ReadySigner s : chosen) {
                    r.remove(s.name());
                    s.claim();
                }
                return new Claim(chosen, List.of());
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return new Claim(null, missing);
            }
            wait(left);
        }
    }

    /** The signers a session got, or (when {@code signers} is null) the names that did not come in time. */
    record Claim(List<ReadySigner> signers, List<String> missing) {}

    @Override
    public void close() {
        sender.shutdownNow();
        if (aclTimer != null) {
            aclTimer.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        if (closeableKeys instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing the key source: {}", e.toString());
            }
        }
        log.debug("signing service stopped");
    }
}
