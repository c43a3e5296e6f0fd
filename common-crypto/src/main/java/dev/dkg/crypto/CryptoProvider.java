package dev.dkg.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, once per process, the JCA provider behind the crypto presets ({@link RsaOaep}, {@link RsaPss},
 * {@link AesGcm}, {@link Sha256}, {@link Hkdf}, HMAC): Amazon Corretto Crypto Provider (AWS-LC, native code,
 * about twice the JDK's RSA speed) when it loads, passes its own health check and passes the suite's
 * {@link ProviderSelfTest}; otherwise the JDK's own providers. {@code -Ddkg.crypto.provider=jdk} or
 * {@code DKG_CRYPTO_PROVIDER=jdk} forces the JDK.
 *
 * <p>Guarantee: both paths compute the same functions with the same explicit parameters, so nothing on the
 * wire or on disk depends on which one a process uses; a native provider that gets any of the suite's
 * operations wrong is never used. The provider is never installed JVM-wide: only the presets ask for it, so
 * PKCS#12, X.509 and everything else stay on the JDK.
 */
public final class CryptoProvider {
    /** System property that selects the provider: {@code jdk}, or {@code auto} (the default) for the native one. */
    public static final String PROPERTY = "dkg.crypto.provider";
    /** Environment variable read when {@link #PROPERTY} is not set; same values. */
    public static final String ENVIRONMENT = "DKG_CRYPTO_PROVIDER";

    private static final Logger LOG = LoggerFactory.getLogger(CryptoProvider.class);
    private static final CryptoProvider JDK = new CryptoProvider(null, "JDK");

    /** Initialised on first use, so a process that never does crypto never loads the native library. */
    private static final class Chosen {
        static final CryptoProvider INSTANCE = choose(setting(), CryptoProvider::loadAccp);
    }

    /** Null means the JDK's default provider list. */
    private final Provider provider;
    private final String name;
    /** Private keys in the native provider's own form, by the key object the caller holds (see privateKey). */
    private final Map<PrivateKey, PrivateKey> nativeKeys = Collections.synchronizedMap(new WeakHashMap<>());

    private CryptoProvider(Provider provider, String name) {
        this.provider = provider;
        this.name = name;
    }

    /** The provider this process uses, chosen on first call. */
    public static CryptoProvider active() {
        return Chosen.INSTANCE;
    }

    /**
     * Chooses the provider and readies {@code ownKey} for it now. Loading the native library and its self-test
     * take a moment (seconds on a loaded machine), so a server calls this before it accepts and a client before
     * it connects: otherwise that moment would fall inside the first handshake and count against its deadline.
     */
    public static void prepare(PrivateKey ownKey) {
        active().privateKey(ownKey);
    }

    /** The pure-JDK path: the fallback, and the reference the self-test checks a native provider against. */
    public static CryptoProvider jdk() {
        return JDK;
    }

    /** For {@code --version} and ready lines: {@code ACCP 2.4.1} or {@code JDK}. */
    public String name() {
        return name;
    }

    public boolean isNative() {
        return provider != null;
    }

    @Override
    public String toString() {
        return name;
    }

    public Cipher cipher(String transformation) throws NoSuchAlgorithmException, NoSuchPaddingException {
        if (provider != null) {
            try {
                return Cipher.getInstance(transformation, provider);
            } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
                // An algorithm the native provider lacks runs on the JDK rather than not at all.
            }
        }
        return Cipher.getInstance(transformation);
    }

    public Signature signature(String algorithm) throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return Signature.getInstance(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // See cipher().
            }
        }
        return Signature.getInstance(algorithm);
    }

    public Mac mac(String algorithm) throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return Mac.getInstance(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // See cipher().
            }
        }
        return Mac.getInstance(algorithm);
    }

    public MessageDigest digest(String algorithm) throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return MessageDigest.getInstance(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // See cipher().
            }
        }
        return MessageDigest.getInstance(algorithm);
    }

    /**
     * {@code key} in the form this provider works on fastest. A native provider handed a JDK key object redoes
     * its key set-up on every operation, which measured here costs about a third of a 3072-bit signature; so
     * each key is translated once and the translation kept for as long as the caller keeps the key. Keys the
     * provider cannot translate are used as they are.
     */
    PrivateKey privateKey(PrivateKey key) {
        if (provider == null) {
            return key;
        }
        PrivateKey cached = nativeKeys.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            PrivateKey translated = (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
            nativeKeys.put(key, translated);
            return translated;
        } catch (GeneralSecurityException | ClassCastException e) {
            return key;
        }
    }

    /**
     * The provider for an RSA operation that draws randomness (OAEP seed, PSS salt) from {@code random}. The
     * native provider draws from AWS-LC's own DRBG and ignores a caller's source; that is as good for a real
     * {@link SecureRandom}, but a subclass is a deterministic source (the test vectors' fixed stream) whose
     * bytes the caller needs used, so that operation runs on the JDK, which honours it.
     */
    CryptoProvider drawingFrom(SecureRandom random) {
        return provider != null && random.getClass() != SecureRandom.class ? JDK : this;
    }

    /** The value of {@link #PROPERTY}, else of {@link #ENVIRONMENT}, else empty. */
    static String setting() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            value = System.getenv(ENVIRONMENT);
        }
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The provider for {@code setting}: the JDK if it says {@code jdk}; otherwise what {@code nativeProvider}
     * loads, if it loads and passes {@link ProviderSelfTest}; otherwise (logged with the reason) the JDK.
     */
    static CryptoProvider choose(String setting, Callable<Provider> nativeProvider) {
        if (setting.equals("jdk")) {
            LOG.debug("crypto provider: JDK ({}=jdk)", PROPERTY);
            return JDK;
        }
        if (!setting.isEmpty() && !setting.equals("auto")) {
            LOG.warn("{} / {} is '{}', which is neither 'jdk' nor 'auto'; choosing automatically", PROPERTY,
                    ENVIRONMENT, setting);
        }
        Provider loaded;
        try {
            loaded = nativeProvider.call();
        } catch (Exception | LinkageError e) {
            // Expected where there is no native build for the platform: the JDK is the designed fallback.
            LOG.debug("native crypto provider unavailable ({}); using the JDK's", e.toString());
            return JDK;
        }
        CryptoProvider candidate = new CryptoProvider(loaded, shortName(loaded));
        try {
            ProviderSelfTest.check(candidate);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn("crypto provider {} failed the self-test ({}); using the JDK's", candidate.name, e.toString());
            return JDK;
        }
        LOG.debug("crypto provider: {}", candidate.name);
        return candidate;
    }

    static Provider loadAccp() throws GeneralSecurityException {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable error = accp.getLoadingError();
        if (error != null) {
            throw new GeneralSecurityException("its native library did not load: " + error, error);
        }
        accp.assertHealthy();
        return accp;
    }

    private static String shortName(Provider p) {
        String name = p.getName().equals("AmazonCorrettoCryptoProvider") ? "ACCP" : p.getName();
        return name + " " + p.getVersionStr();
    }
}
