package dev.dkg.pki;

import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.SecretFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.BadPaddingException;
import javax.crypto.spec.PBEParameterSpec;
import javax.security.auth.DestroyFailedException;

/**
 * Reads and writes password-protected PKCS#12 files holding one private key and its certificate chain.
 * Guarantee: the key is written encrypted with PBES2/AES-256 to a new owner-only file (never overwriting), and
 * the file opens with OpenSSL 3's default provider; reading checks the file's integrity MAC and that the key
 * matches the certificate.
 */
public final class Pkcs12 {
    /** A private key with its chain, leaf first. */
    public record KeyEntry(String alias, PrivateKey privateKey, List<X509Certificate> chain) {
        public KeyEntry {
            chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    private Pkcs12() {}

    /**
     * Writes {@code key} and {@code chain} (leaf first) under {@code alias} to a new owner-only file.
     * The same password protects the key and the file's integrity, as openssl expects.
     */
    public static void writeNew(Path file, String alias, PrivateKey key, List<X509Certificate> chain, char[] password)
            throws IOException, GeneralSecurityException {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("a PKCS#12 file needs a non-empty password");
        }
        KeyStore store = KeyStore.getInstance(Algorithms.PKCS12);
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new KeyStoreException("cannot create an empty PKCS#12 store", e);
        }
        byte[] salt = new byte[Algorithms.PKCS12_SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password,
                Algorithms.PKCS12_KEY_PROTECTION,
                new PBEParameterSpec(salt, Algorithms.PKCS12_KEY_PROTECTION_ITERATIONS));
        try {
            store.setEntry(alias, new KeyStore.PrivateKeyEntry(key, chain.toArray(new Certificate[0])), protection);
        } finally {
            wipe(protection);
        }
        SecretFiles.writeNew(file, out -> {
            try {
                store.store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encode PKCS#12: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Reads the single private key entry of {@code file}. A wrong password or a damaged file throws
     * UnrecoverableKeyException ("wrong password or damaged file"); a file with no or several keys, or a key that
     * does not match its certificate, throws KeyStoreException; a file that is not PKCS#12 throws IOException.
     */
    public static KeyEntry read(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(Algorithms.PKCS12);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            if (isWrongPassword(e)) {
                throw wrongPassword(file, e);
            }
            if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
                throw e;
            }
            throw new IOException("not a readable PKCS#12 file: " + file + " (" + e.getMessage() + ")", e);
        }
        List<String> keyAliases = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keyAliases.add(alias);
            }
        }
        if (keyAliases.isEmpty()) {
            throw new KeyStoreException("no private key in " + file);
        }
        if (keyAliases.size() > 1) {
            throw new KeyStoreException(file + " holds " + keyAliases.size() + " private keys; expected exactly one");
        }
        String alias = keyAliases.get(0);
        Key key;
        try {
            key = store.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw wrongPassword(file, e);
        }
        if (!(key instanceof PrivateKey privateKey)) {
            throw new KeyStoreException("the key in " + file + " is not a private key");
        }
        Certificate[] raw = store.getCertificateChain(alias);
        if (raw == null || raw.length == 0) {
            throw new KeyStoreException("no certificate for the private key in " + file);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : raw) {
            if (!(c instanceof X509Certificate x509)) {
                throw new KeyStoreException(file + " holds a non-X.509 certificate");
            }
            chain.add(x509);
        }
        checkKeyMatchesCertificate(privateKey, chain.get(0), file);
        return new KeyEntry(alias, privateKey, chain);
    }

    private static void checkKeyMatchesCertificate(PrivateKey key, X509Certificate certificate, Path file)
            throws KeyStoreException {
        if (!(key instanceof RSAPrivateCrtKey rsa) || !(certificate.getPublicKey() instanceof RSAPublicKey pub)) {
            throw new KeyStoreException("the key in " + file + " is not an RSA key with its public parts");
        }
        if (!rsa.getModulus().equals(pub.getModulus()) || !rsa.getPublicExponent().equals(pub.getPublicExponent())) {
            throw new KeyStoreException("the private key in " + file + " does not belong to its certificate");
        }
    }

    private static void wipe(KeyStore.PasswordProtection protection) {
        try {
            protection.destroy(); // wipes its copy of the password
        } catch (DestroyFailedException e) {
            throw new IllegalStateException("cannot wipe a password copy", e);
        }
    }

    private static boolean isWrongPassword(IOException e) {
        // The JDK reports a failed integrity MAC or undecryptable content as an IOException with this cause.
        Throwable cause = e.getCause();
        return cause instanceof UnrecoverableKeyException || cause instanceof BadPaddingException;
    }

    private static UnrecoverableKeyException wrongPassword(Path file, Exception cause) {
        UnrecoverableKeyException e = new UnrecoverableKeyException("wrong password or damaged file: " + file);
        e.initCause(cause);
        return e;
    }
}
