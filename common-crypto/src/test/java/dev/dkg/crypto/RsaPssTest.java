package dev.dkg.crypto;

import static dev.dkg.testing.TestKeys.alice;
import static dev.dkg.testing.TestKeys.bob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.FixedRandom;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import org.junit.jupiter.api.Test;

class RsaPssTest {
    private static final byte[] MESSAGE = {1, 2, 3};

    @Test
    void verifiesItsOwnSignature() throws GeneralSecurityException {
        byte[] sig = RsaPss.sign(alice().getPrivate(), MESSAGE);
        RsaPss.verify(alice().getPublic(), MESSAGE, sig);
        assertThat(sig).hasSize(256);
    }

    @Test
    void verifyThrowsForAnotherMessageKeyOrMalformedSignature() throws GeneralSecurityException {
        byte[] sig = RsaPss.sign(alice().getPrivate(), MESSAGE);
        assertThatThrownBy(() -> RsaPss.verify(alice().getPublic(), new byte[] {1, 2, 4}, sig))
                .isInstanceOf(SignatureException.class).hasMessage("signature does not verify");
        assertThatThrownBy(() -> RsaPss.verify(bob().getPublic(), MESSAGE, sig))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> RsaPss.verify(alice().getPublic(), MESSAGE, new byte[3]))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> RsaPss.verify(alice().getPublic(), MESSAGE, new byte[0]))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void saltComesFromTheInjectedRandom() throws GeneralSecurityException {
        byte[] salt = new byte[32];
        byte[] a = RsaPss.sign(alice().getPrivate(), MESSAGE, new FixedRandom(salt));
        byte[] b = RsaPss.sign(alice().getPrivate(), MESSAGE, new FixedRandom(salt));
        assertThat(a).isEqualTo(b);
        assertThat(RsaPss.sign(alice().getPrivate(), MESSAGE)).isNotEqualTo(a);
    }

    @Test
    void oaepUnwrapsWhatItWrapped() throws GeneralSecurityException {
        byte[] key = new byte[32];
        key[0] = 42;
        byte[] wrapped = RsaOaep.wrap(bob().getPublic(), key, new java.security.SecureRandom());
        assertThat(RsaOaep.unwrap(bob().getPrivate(), wrapped)).isEqualTo(key);
        assertThatThrownBy(() -> RsaOaep.unwrap(alice().getPrivate(), wrapped))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void keyGenerationRefusesSizesOutsideThePolicy() {
        assertThatThrownBy(() -> RsaKeys.generate(1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2048, 3072 or 4096");
        assertThat(RsaKeys.modulusBytes((java.security.interfaces.RSAKey) alice().getPublic())).isEqualTo(256);
    }
}
