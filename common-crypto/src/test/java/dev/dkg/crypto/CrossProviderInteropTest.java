package dev.dkg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.testing.ProtocolVectors;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one provider produces, the other accepts: RSA-OAEP, RSA-PSS and AES-GCM with the suite's parameters
 * between ACCP and the JDK in this process, and whole envelopes between this process and a child forced to
 * the other provider, so the fallback can never drift from the native path.
 */
class CrossProviderInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE = "sealed with one provider, opened with the other".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SESSION = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ProtocolVectors doc = ProtocolVectors.load();
    private final CryptoProvider accp = CryptoProvider.choose("", CryptoProvider::loadAccp);
    private final CryptoProvider jdk = CryptoProvider.jdk();

    @Test
    void pssSignaturesVerifyAcrossProviders() throws GeneralSecurityException {
        KeyPair key = doc.key("test-key-a");
        for (CryptoProvider[] pair : new CryptoProvider[][] {{accp, jdk}, {jdk, accp}}) {
            Signature signer = pair[0].signature(Algorithms.RSA_PSS);
            signer.setParameter(Algorithms.RSA_PSS_SHA256);
            signer.initSign(key.getPrivate());
            signer.update(MESSAGE);
            byte[] signature = signer.sign();
            Signature verifier = pair[1].signature(Algorithms.RSA_PSS);
            verifier.setParameter(Algorithms.RSA_PSS_SHA256);
            verifier.initVerify(key.getPublic());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signature)).as("signed by %s, verified by %s", pair[0], pair[1]).isTrue();
        }
    }

    @Test
    void oaepWrapsUnwrapAcrossProviders() throws GeneralSecurityException {
        KeyPair key = doc.key("test-key-b");
        byte[] secret = Sha256.of(MESSAGE);
        for (CryptoProvider[] pair : new CryptoProvider[][] {{accp, jdk}, {jdk, accp}}) {
            Cipher wrap = pair[0].cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
            wrap.init(Cipher.ENCRYPT_MODE, key.getPublic(), Algorithms.RSA_OAEP_SHA256);
            Cipher unwrap = pair[1].cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
            unwrap.init(Cipher.DECRYPT_MODE, key.getPrivate(), Algorithms.RSA_OAEP_SHA256);
            assertThat(unwrap.doFinal(wrap.doFinal(secret))).as("wrapped by %s", pair[0]).isEqualTo(secret);
        }
    }

    @Test
    void envelopesOpenInAProcessOnTheOtherProvider(@TempDir Path dir) throws Exception {
        KeyPair a = doc.key("test-key-a");
        KeyPair b = doc.key("test-key-b");
        String other = CryptoProvider.active().isNative() ? "jdk" : "auto";
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-Ddkg.crypto.provider=" + other,
                "-cp", System.getProperty("java.class.path"), InteropChild.class.getName())
                .redirectError(dir.resolve("child.err").toFile()).start();
        try (PrintWriter toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.US_ASCII);
             BufferedReader fromChild = new BufferedReader(
                     new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            byte[] sealed = Envelope.seal(0x0101, SESSION, 0, a.getPrivate(), a.getPublic(), List.of(b.getPublic()),
                    MESSAGE);
            toChild.println(HEX.formatHex(sealed));
            String childProvider = fromChild.readLine();
            String opened = fromChild.readLine();
            byte[] reply = HEX.parseHex(fromChild.readLine());

            assertThat(childProvider).isNotNull().isNotEqualTo(CryptoProvider.active().name());
            if (CryptoProvider.active().isNative()) {
                assertThat(childProvider).isEqualTo("JDK");
            }
            assertThat(opened).isEqualTo("opened " + HEX.formatHex(MESSAGE));
            Envelope.Opened back = Envelope.open(reply, Envelope.Expect.of(SESSION, 1), a.getPrivate(), a.getPublic(),
                    b.getPublic());
            assertThat(back.plaintext()).isEqualTo(MESSAGE);
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
    }

    /**
     * The other side of {@link #envelopesOpenInAProcessOnTheOtherProvider}: prints its provider, opens the
     * envelope read from stdin as test-key-b, and seals the plaintext back to test-key-a as sequence 1.
     */
    public static final class InteropChild {
        public static void main(String[] args) throws Exception {
            ProtocolVectors doc = ProtocolVectors.load();
            KeyPair a = doc.key("test-key-a");
            KeyPair b = doc.key("test-key-b");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            byte[] sealed = HEX.parseHex(in.readLine());
            System.out.println(CryptoProvider.active().name());
            Envelope.Opened opened = Envelope.open(sealed, Envelope.Expect.of(SESSION, 0), b.getPrivate(),
                    b.getPublic(), a.getPublic());
            System.out.println("opened " + HEX.formatHex(opened.plaintext()));
            System.out.println(HEX.formatHex(Envelope.seal(0x0101, SESSION, 1, b.getPrivate(), b.getPublic(),
                    List.of(a.getPublic()), opened.plaintext())));
        }
    }
}
