package dev.dkg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;

/**
 * Which provider a process gets: the one the setting asks for, the native one only when it loads and passes
 * the self-test, and the JDK otherwise. This class runs in both surefire executions (default and
 * DKG_CRYPTO_PROVIDER=jdk), so {@link #activeProviderIsTheOneTheEnvironmentAsksFor} checks each.
 */
class CryptoProviderTest {
    /** ACCP ships a native build for this platform only; elsewhere the JDK is the expected outcome. */
    private static final boolean NATIVE_PLATFORM = System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64");

    @Test
    void activeProviderIsTheOneTheEnvironmentAsksFor() {
        CryptoProvider active = CryptoProvider.active();
        if (CryptoProvider.setting().equals("jdk") || !NATIVE_PLATFORM) {
            assertThat(active.name()).isEqualTo("JDK");
            assertThat(active.isNative()).isFalse();
        } else {
            assertThat(active.name()).isEqualTo("ACCP 2.4.1");
            assertThat(active.isNative()).isTrue();
        }
    }

    @Test
    void realAccpPassesTheSelfTestOnThisPlatform() {
        CryptoProvider chosen = CryptoProvider.choose("auto", CryptoProvider::loadAccp);
        assertThat(chosen.name()).isEqualTo(NATIVE_PLATFORM ? "ACCP 2.4.1" : "JDK");
    }

    @Test
    void forcedJdkNeverLoadsTheNativeProvider() {
        AtomicBoolean loaded = new AtomicBoolean();
        CryptoProvider chosen = CryptoProvider.choose("jdk", () -> {
            loaded.set(true);
            return CryptoProvider.loadAccp();
        });
        assertThat(chosen).isSameAs(CryptoProvider.jdk());
        assertThat(loaded).isFalse();
    }

    @Test
    void forcingTheJdkIsReadFromThePropertyBeforeTheEnvironment() {
        String before = System.getProperty(CryptoProvider.PROPERTY);
        try {
            System.setProperty(CryptoProvider.PROPERTY, " JDK ");
            assertThat(CryptoProvider.setting()).isEqualTo("jdk");
        } finally {
            if (before == null) {
                System.clearProperty(CryptoProvider.PROPERTY);
            } else {
                System.setProperty(CryptoProvider.PROPERTY, before);
            }
        }
    }

    @Test
    void missingNativeLibraryFallsBackToTheJdk() {
        CryptoProvider chosen = CryptoProvider.choose("", () -> {
            throw new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider for this platform");
        });
        assertThat(chosen).isSameAs(CryptoProvider.jdk());
    }

    @Test
    void nativeProviderFailingItsHealthCheckFallsBackToTheJdk() {
        CryptoProvider chosen = CryptoProvider.choose("auto", () -> {
            throw new GeneralSecurityException("self-test failed: HMAC");
        });
        assertThat(chosen).isSameAs(CryptoProvider.jdk());
    }

    @Test
    void unknownSettingStillChoosesAutomatically() {
        Provider honest = new Provider("Honest", "1", "the JDK's SHA-256 under another name") {};
        CryptoProvider chosen = CryptoProvider.choose("fast-please", () -> honest);
        assertThat(chosen.name()).isEqualTo("Honest 1");
        assertThat(chosen.isNative()).isTrue();
    }

    @Test
    void providerWithAWrongDigestIsNotUsed() {
        Provider broken = new Provider("WrongDigest", "1", "SHA-256 that is not") {
            {
                put("MessageDigest.SHA-256", WrongSha256.class.getName());
            }
        };
        assertThat(CryptoProvider.choose("", () -> broken)).isSameAs(CryptoProvider.jdk());
    }

    /** The attack on interop the self-test exists for: a provider that signs with its default salt length. */
    @Test
    void providerIgnoringThePssSaltLengthIsNotUsed() {
        Provider broken = new Provider("ShortSalt", "1", "RSASSA-PSS with a 20-byte salt whatever it is told") {
            {
                put("Signature.RSASSA-PSS", ShortSaltPss.class.getName());
            }
        };
        assertThat(CryptoProvider.choose("", () -> broken)).isSameAs(CryptoProvider.jdk());
    }

    @Test
    void providerIgnoringTheOaepMgf1DigestIsNotUsed() {
        Provider broken = new Provider("Mgf1Sha1", "1", "RSA-OAEP with MGF1-SHA-1 whatever it is told") {
            {
                put("Cipher.RSA/ECB/OAEPPadding", Mgf1Sha1Oaep.class.getName());
            }
        };
        assertThat(CryptoProvider.choose("", () -> broken)).isSameAs(CryptoProvider.jdk());
    }

    @Test
    void deterministicRandomnessIsHonouredByRunningOnTheJdk() {
        CryptoProvider accp = CryptoProvider.choose("", CryptoProvider::loadAccp);
        assertThat(accp.drawingFrom(new SecureRandom())).isSameAs(accp);
        assertThat(accp.drawingFrom(new SecureRandom() {})).isSameAs(CryptoProvider.jdk());
        assertThat(CryptoProvider.jdk().drawingFrom(new SecureRandom() {})).isSameAs(CryptoProvider.jdk());
    }

    public static final class WrongSha256 extends MessageDigestSpi {
        private final MessageDigest real = sha256();

        @Override
        protected void engineUpdate(byte input) {
            real.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            real.update(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            byte[] d = real.digest();
            d[31] ^= 1;
            return d;
        }

        @Override
        protected void engineReset() {
            real.reset();
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256", "SUN");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Delegates to the JDK, but with salt length 20 (a common provider default) instead of the one set. */
    public static final class ShortSaltPss extends SignatureSpi {
        private final Signature real;

        public ShortSaltPss() throws GeneralSecurityException {
            real = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
            real.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1));
        }

        @Override
        protected void engineSetParameter(AlgorithmParameterSpec params) {
            // Ignored: that is the defect.
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws java.security.InvalidKeyException {
            real.initVerify(key);
        }

        @Override
        protected void engineInitSign(PrivateKey key) throws java.security.InvalidKeyException {
            real.initSign(key);
        }

        @Override
        protected void engineUpdate(byte b) throws java.security.SignatureException {
            real.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws java.security.SignatureException {
            real.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws java.security.SignatureException {
            return real.sign();
        }

        @Override
        protected boolean engineVerify(byte[] sig) throws java.security.SignatureException {
            return real.verify(sig);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
    }

    /** Delegates to the JDK, but with MGF1-SHA-1 (the JDK's own default) instead of the parameters passed. */
    public static final class Mgf1Sha1Oaep extends CipherSpi {
        private static final OAEPParameterSpec SHA1_MGF = new OAEPParameterSpec("SHA-256", "MGF1",
                MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
        private final Cipher real;

        public Mgf1Sha1Oaep() throws GeneralSecurityException {
            real = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
        }

        @Override
        protected void engineInit(int opmode, java.security.Key key, AlgorithmParameterSpec params, SecureRandom random)
                throws java.security.InvalidKeyException, java.security.InvalidAlgorithmParameterException {
            real.init(opmode, key, SHA1_MGF, random);
        }

        @Override
        protected void engineInit(int opmode, java.security.Key key, SecureRandom random)
                throws java.security.InvalidKeyException {
            try {
                real.init(opmode, key, SHA1_MGF, random);
            } catch (java.security.InvalidAlgorithmParameterException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void engineInit(int opmode, java.security.Key key, java.security.AlgorithmParameters params,
                                  SecureRandom random) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int offset, int len)
                throws javax.crypto.IllegalBlockSizeException, javax.crypto.BadPaddingException {
            return real.doFinal(input, offset, len);
        }

        @Override
        protected int engineDoFinal(byte[] input, int offset, int len, byte[] output, int outputOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected byte[] engineUpdate(byte[] input, int offset, int len) {
            return real.update(input, offset, len);
        }

        @Override
        protected int engineUpdate(byte[] input, int offset, int len, byte[] output, int outputOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void engineSetMode(String mode) {}

        @Override
        protected void engineSetPadding(String padding) {}

        @Override
        protected int engineGetBlockSize() {
            return 0;
        }

        @Override
        protected int engineGetOutputSize(int inputLen) {
            return real.getOutputSize(inputLen);
        }

        @Override
        protected byte[] engineGetIV() {
            return null;
        }

        @Override
        protected java.security.AlgorithmParameters engineGetParameters() {
            return null;
        }
    }
}
