package dev.dkg.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedFileCipherTest {
    private static final int CHUNK = ChunkedFileCipher.CHUNK_BYTES;
    private static final int SEALED_CHUNK = CHUNK + 16;
    private static final int HEADER = ChunkedFileCipher.HEADER_BYTES;
    private static final byte[] KEY = new byte[32];
    private static final byte[] CONTEXT = "test context".getBytes(StandardCharsets.US_ASCII);

    static {
        new Random(1).nextBytes(KEY);
    }

    private static byte[] plaintext(int length) {
        byte[] p = new byte[length];
        new Random(length).nextBytes(p);
        return p;
    }

    private static byte[] encrypt(byte[] plain) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkedFileCipher.encrypt(KEY, CONTEXT, plain.length == 0 ? new byte[7] : Arrays.copyOf(plain, 7).clone(),
                new ByteArrayInputStream(plain), out);
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, byte[] context) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkedFileCipher.decrypt(KEY, context, new ByteArrayInputStream(sealed), out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17})
    void roundTripsEveryLengthAroundChunkBoundaries(int length) throws Exception {
        byte[] plain = plaintext(length);
        byte[] sealed = encrypt(plain);
        assertThat(ChunkedFileCipher.plaintextLength(sealed.length)).isEqualTo(length);
        assertThat(decrypt(sealed, CONTEXT)).isEqualTo(plain);
    }

    @Test
    void detectsTruncationAtAChunkBoundary() throws Exception {
        byte[] sealed = encrypt(plaintext(3 * CHUNK));
        byte[] twoChunks = Arrays.copyOf(sealed, HEADER + 2 * SEALED_CHUNK);
        assertThatThrownBy(() -> decrypt(twoChunks, CONTEXT)).isInstanceOf(AEADBadTagException.class)
                .hasMessageContaining("chunk 1");
    }

    @Test
    void detectsTruncationInsideAChunkAndInsideTheHeader() throws Exception {
        byte[] sealed = encrypt(plaintext(2 * CHUNK + 5));
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, sealed.length - 1), CONTEXT))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, HEADER + 10), CONTEXT))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, HEADER - 1), CONTEXT)).isInstanceOf(IOException.class);
    }

    @Test
    void detectsReorderedChunks() throws Exception {
        byte[] sealed = encrypt(plaintext(3 * CHUNK + 1));
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, HEADER, swapped, HEADER + SEALED_CHUNK, SEALED_CHUNK);
        System.arraycopy(sealed, HEADER + SEALED_CHUNK, swapped, HEADER, SEALED_CHUNK);
        assertThatThrownBy(() -> decrypt(swapped, CONTEXT)).isInstanceOf(AEADBadTagException.class)
                .hasMessageContaining("chunk 0");
    }

    @Test
    void detectsAnyFlippedByte() throws Exception {
        byte[] sealed = encrypt(plaintext(CHUNK + 40));
        int[] positions = {0, 3, 6, HEADER, HEADER + 100, HEADER + SEALED_CHUNK - 1, HEADER + SEALED_CHUNK,
                sealed.length - 1};
        for (int at : positions) {
            byte[] flipped = sealed.clone();
            flipped[at] ^= 0x20;
            assertThatThrownBy(() -> decrypt(flipped, CONTEXT)).as("flip at " + at)
                    .isInstanceOfAny(AEADBadTagException.class, IOException.class);
        }
    }

    @Test
    void detectsAppendedBytesAndAnotherContext() throws Exception {
        byte[] sealed = encrypt(plaintext(CHUNK));
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 20);
        assertThatThrownBy(() -> decrypt(longer, CONTEXT)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> decrypt(sealed, "other".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void releasesNoBytesOfAChunkThatFails() throws Exception {
        byte[] plain = plaintext(2 * CHUNK + 9);
        byte[] sealed = encrypt(plain);
        sealed[HEADER + SEALED_CHUNK + 5] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> ChunkedFileCipher.decrypt(KEY, CONTEXT, new ByteArrayInputStream(sealed), out))
                .isInstanceOf(AEADBadTagException.class);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(plain, CHUNK));
    }

    /** A stream of pseudo-random bytes of a given length that is never held in memory. */
    private static class GeneratedInput extends InputStream {
        private final Random random = new Random(7);
        private long left;

        GeneratedInput(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            left -= n;
            return n;
        }
    }

    /** Digests what is written and remembers the largest single write. */
    private static final class DigestSink extends OutputStream {
        final MessageDigest digest;
        long total;
        int largestWrite;

        DigestSink() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            total += len;
            largestWrite = Math.max(largestWrite, len);
        }
    }

    @Test
    void largeFileRoundTripsThroughBoundedBuffers(@TempDir Path dir) throws Exception {
        long length = 96L * 1024 * 1024 + 123;
        Path sealed = dir.resolve("big.enc");
        DigestSink plainDigest = new DigestSink();
        try (OutputStream out = Files.newOutputStream(sealed)) {
            DigestSink tee = plainDigest;
            InputStream in = new GeneratedInput(length) {
                @Override
                public int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        tee.write(b, off, n);
                    }
                    return n;
                }
            };
            assertThat(ChunkedFileCipher.encrypt(KEY, CONTEXT, in, out, new SecureRandom())).isEqualTo(length);
        }
        assertThat(Files.size(sealed)).isEqualTo(HEADER + length + 16 * ((length + CHUNK - 1) / CHUNK));
        DigestSink recovered = new DigestSink();
        try (InputStream in = Files.newInputStream(sealed)) {
            assertThat(ChunkedFileCipher.decrypt(KEY, CONTEXT, in, recovered)).isEqualTo(length);
        }
        assertThat(recovered.total).isEqualTo(length);
        assertThat(recovered.largestWrite).isLessThanOrEqualTo(CHUNK);
        assertThat(recovered.digest.digest()).isEqualTo(plainDigest.digest.digest());
    }
}
