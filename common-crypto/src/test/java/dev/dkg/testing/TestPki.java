package dev.dkg.testing;

import dev.dkg.crypto.RsaKeys;
import dev.dkg.pki.CertificateAuthority;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Pem;
import dev.dkg.pki.Role;
import dev.dkg.pki.Subject;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test fixture: a CA and party identities made once per JVM at 2048 bits and cached, because RSA key
 * generation is slow. Every valid identity is issued by {@link #ca()}; the variants for negative tests are
 * expired, not yet valid, or issued by a foreign CA that has the same name as ours (so only its signature
 * gives it away).
 *
 * <p>Keys: one per (name, role). The expired and not-yet-valid variants reuse the valid identity's key, as a
 * renewed certificate would; the foreign-CA variant has its own key, as an impostor would.
 */
public final class TestPki {
    public static final int RSA_BITS = 2048;
    public static final String CA_NAME = "DKG Test CA";
    /** Fixed for the JVM so every fixture certificate agrees on "now". */
    private static final Instant NOW = Instant.now();

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, Identity> IDENTITIES = new ConcurrentHashMap<>();

    /** Lazy holder: the CAs are made on first use, once, thread-safely. */
    private static final class Authorities {
        static final CertificateAuthority OURS = newCa("ca");
        static final CertificateAuthority FOREIGN = newCa("foreign-ca");
    }

    /** The files {@link #writeFiles} wrote. */
    public record WrittenIdentity(Path p12, Path certificatePem, Path caPem) {}

    private TestPki() {}

    /** The test CA: valid from 60 days ago for ten years. */
    public static CertificateAuthority ca() {
        return Authorities.OURS;
    }

    /** Trusts {@link #ca()}. */
    public static TrustAnchor trust() {
        return ca().trustAnchor();
    }

    /** Another CA with the same name as ours but its own key. */
    public static CertificateAuthority foreignCa() {
        return Authorities.FOREIGN;
    }

    /** A 2048-bit key pair cached under {@code label}: the same label gives the same key for the whole JVM. */
    public static KeyPair keyPair(String label) {
        return KEYS.computeIfAbsent(label, l -> RsaKeys.generate(RSA_BITS, RANDOM));
    }

    /** The key pair of {@link #ca()}, for tests that forge certificates with the CA's own key. */
    public static KeyPair caKeyPair() {
        ca();
        return keyPair("ca");
    }

    /** A valid identity issued by {@link #ca()}: valid from a day ago for a year; cached per (name, role). */
    public static Identity identity(String name, Role role) {
        return cached("valid", name, role, () -> ca().issue(new Subject(name, role), keyPair(name + "/" + role),
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365))));
    }

    /** Issued by {@link #ca()} but expired yesterday. */
    public static Identity expiredIdentity(String name, Role role) {
        return cached("expired", name, role, () -> ca().issue(new Subject(name, role), keyPair(name + "/" + role),
                NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))));
    }

    /** Issued by {@link #ca()} but valid only from tomorrow. */
    public static Identity notYetValidIdentity(String name, Role role) {
        return cached("not-yet-valid", name, role, () -> ca().issue(new Subject(name, role),
                keyPair(name + "/" + role), NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));
    }

    /** Well-formed and current, but issued by {@link #foreignCa()}, with its own key. */
    public static Identity foreignCaIdentity(String name, Role role) {
        return cached("foreign", name, role, () -> foreignCa().issue(new Subject(name, role),
                keyPair("foreign:" + name + "/" + role), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365))));
    }

    /**
     * Writes {@code dir}/NAME.p12 (key, certificate and CA, under {@code password}), {@code dir}/NAME.pem and
     * {@code dir}/ca.pem (kept if already written by an earlier call) for CLI and system tests.
     */
    public static WrittenIdentity writeFiles(Path dir, String name, Role role, char[] password) {
        Identity identity = identity(name, role);
        Path p12 = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        try {
            Files.createDirectories(dir);
            identity.writeNew(p12, password);
            Pem.writeNew(pem, identity.certificate());
            return new WrittenIdentity(p12, pem, writeCaPem(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code dir}/ca.p12 (the CA key, under {@code password}) and {@code dir}/ca.pem, as pki init-ca would. */
    public static WrittenIdentity writeCaFiles(Path dir, char[] password) {
        Path p12 = dir.resolve("ca.p12");
        try {
            Files.createDirectories(dir);
            ca().writeNew(p12, password);
            Path caPem = writeCaPem(dir);
            return new WrittenIdentity(p12, caPem, caPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeCaPem(Path dir) throws IOException {
        Path caPem = dir.resolve("ca.pem");
        String text = Pem.encode(ca().certificate());
        if (Files.exists(caPem)) {
            if (!Files.readString(caPem, StandardCharsets.US_ASCII).equals(text)) {
                throw new IllegalStateException(caPem + " exists and holds another CA");
            }
            return caPem;
        }
        Pem.writeNew(caPem, ca().certificate());
        return caPem;
    }

    @FunctionalInterface
    private interface Issuance {
        Identity issue() throws GeneralSecurityException;
    }

    private static Identity cached(String variant, String name, Role role, Issuance issuance) {
        return IDENTITIES.computeIfAbsent(variant + ":" + name + "/" + role.label(), k -> {
            try {
                return issuance.issue();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("test identity " + k + " could not be issued", e);
            }
        });
    }

    private static CertificateAuthority newCa(String keyLabel) {
        try {
            return CertificateAuthority.create(CA_NAME, keyPair(keyLabel), NOW.minus(Duration.ofDays(60)),
                    NOW.plus(Duration.ofDays(3650)), RANDOM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test CA could not be created", e);
        }
    }
}
