package dev.dkg.sharing;

import dev.dkg.crypto.AesGcm;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.Secrets;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts a stream of any length in 64 KiB chunks with the STREAM construction (Hoang, Reyhanitabar,
 * Rogaway, Vizár), as age does: each chunk is sealed with AES-256-GCM under one key with the nonce
 * {@code prefix 7B | chunk counter u32 | last-chunk flag u8}.
 *
 * <p>Format: {@code header = version u8 (1) | chunk size u32 (65536) | nonce prefix 7B}, then the chunks;
 * every chunk holds exactly 65536 plaintext bytes except the last, which holds 1..65536 (0 only when the
 * whole plaintext is empty), followed by its 16-byte tag. Every chunk's associated data is
 * {@code context | header}.
 *
 * <p>Guarantee: memory stays bounded by one chunk whatever the length; {@link #decrypt} writes a chunk
 * only after it authenticated, and fails (AEADBadTagException) on any flipped byte, reordered, repeated,
 * dropped or appended chunk, on truncation (at a chunk boundary too, since the last chunk carries its own
 * flag), and on a stream from another key or context. A failed decrypt may already have written the
 * authenticated chunks before the failure, so callers write to a temporary file and keep it only when
 * decrypt returns. Never reuse a (key, prefix) pair for two streams.
 */
public final class ChunkedFileCipher {
    public static final int VERSION = 1;
    public static final int CHUNK_BYTES = 64 * 1024;
    public static final int PREFIX_BYTES = 7;
    public static final int HEADER_BYTES = 1 + 4 + PREFIX_BYTES;
    private static final long MAX_CHUNKS = 1L << 32;

    private ChunkedFileCipher() {}

    /** Encrypts all of {@code in} to {@code out} with a random prefix; returns the plaintext length. */
    public static long encrypt(byte[] key, byte[] context, InputStream in, OutputStream out, SecureRandom random)
            throws IOException, GeneralSecurityException {
        byte[] prefix = new byte[PREFIX_BYTES];
        random.nextBytes(prefix);
        return encrypt(key, context, prefix, in, out);
    }

    /** Encrypts with the given nonce prefix, which must never be used again under this key. */
    public static long encrypt(byte[] key, byte[] context, byte[] prefix, InputStream in, OutputStream out)
            throws IOException, GeneralSecurityException {
        if (prefix.length != PREFIX_BYTES) {
            throw new IllegalArgumentException("nonce prefix must be 7 bytes");
        }
        byte[] header = header(prefix);
        byte[] aad = concat(context, header);
        out.write(header);
        long total = 0;
        long counter = 0;
        byte[] current = in.readNBytes(CHUNK_BYTES);
        try {
            while (true) {
                byte[] next = current.length == CHUNK_BYTES ? in.readNBytes(CHUNK_BYTES) : new byte[0];
                boolean last = next.length == 0;
                if (counter >= MAX_CHUNKS) {
                    throw new IOException("stream too long: more than 2^32 chunks");
                }
                out.write(AesGcm.encrypt(key, nonce(prefix, counter, last), current, aad));
                total += current.length;
                Secrets.wipe(current);
                if (last) {
                    return total;
                }
                counter++;
                current = next;
            }
        } finally {
            Secrets.wipe(current);
        }
    }

    /**
     * Decrypts a whole stream from {@code in} to {@code out}, each chunk written only after it
     * authenticated; returns the plaintext length. Throws {@link AEADBadTagException} if any chunk fails,
     * {@link EOFException} or {@link IOException} for a malformed header or a truncated stream.
     */
    public static long decrypt(byte[] key, byte[] context, InputStream input, OutputStream out)
            throws IOException, GeneralSecurityException {
        PushbackInputStream in = new PushbackInputStream(input, 1);
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length != HEADER_BYTES) {
            throw new EOFException("encrypted stream truncated inside its " + HEADER_BYTES + "-byte header");
        }
        if ((header[0] & 0xff) != VERSION) {
            throw new IOException("encrypted stream version " + (header[0] & 0xff) + " is not supported");
        }
        long chunkSize = (header[1] & 0xffL) << 24 | (header[2] & 0xffL) << 16 | (header[3] & 0xffL) << 8
                | header[4] & 0xffL;
        if (chunkSize != CHUNK_BYTES) {
            throw new IOException("encrypted stream chunk size " + chunkSize + " is not " + CHUNK_BYTES);
        }
        byte[] prefix = Arrays.copyOfRange(header, 5, HEADER_BYTES);
        byte[] aad = concat(context, header);
        long total = 0;
        for (long counter = 0; ; counter++) {
            if (counter >= MAX_CHUNKS) {
                throw new IOException("encrypted stream has more than 2^32 chunks");
            }
            byte[] sealed = in.readNBytes(CHUNK_BYTES + AesGcm.TAG_BYTES);
            boolean last;
            if (sealed.length < CHUNK_BYTES + AesGcm.TAG_BYTES) {
                last = true;
            } else {
                int peek = in.read();
                last = peek < 0;
                if (!last) {
                    in.unread(peek);
                }
            }
            if (sealed.length < AesGcm.TAG_BYTES) {
                throw new AEADBadTagException("encrypted stream truncated: chunk " + counter + " is incomplete");
            }
            if (last && counter > 0 && sealed.length == AesGcm.TAG_BYTES) {
                throw new AEADBadTagException("encrypted stream ends with an empty chunk after chunk " + (counter - 1));
            }
            byte[] plain;
            try {
                plain = AesGcm.decrypt(key, nonce(prefix, counter, last), sealed, aad);
            } catch (AEADBadTagException e) {
                throw new AEADBadTagException("chunk " + counter + " does not authenticate (damaged, truncated, "
                        + "reordered or from another vault)");
            }
            out.write(plain);
            total += plain.length;
            Secrets.wipe(plain);
            if (last) {
                return total;
            }
        }
    }

    /** The plaintext length a stream of {@code encryptedLength} bytes carries, or -1 if no stream has it. */
    public static long plaintextLength(long encryptedLength) {
        long body = encryptedLength - HEADER_BYTES;
        long full = CHUNK_BYTES + AesGcm.TAG_BYTES;
        if (body < AesGcm.TAG_BYTES) {
            return -1;
        }
        long chunks = body / full;
        long rest = body % full;
        if (rest == 0) {
            return chunks * CHUNK_BYTES;
        }
        return rest < AesGcm.TAG_BYTES ? -1 : chunks * CHUNK_BYTES + rest - AesGcm.TAG_BYTES;
    }

    static byte[] header(byte[] prefix) {
        byte[] h = new byte[HEADER_BYTES];
        h[0] = VERSION;
        h[1] = (byte) (CHUNK_BYTES >>> 24);
        h[2] = (byte) (CHUNK_BYTES >>> 16);
        h[3] = (byte) (CHUNK_BYTES >>> 8);
        h[4] = (byte) CHUNK_BYTES;
        System.arraycopy(prefix, 0, h, 5, PREFIX_BYTES);
        return h;
    }

    static byte[] nonce(byte[] prefix, long counter, boolean last) {
        byte[] n = new byte[Algorithms.GCM_NONCE_BYTES];
        System.arraycopy(prefix, 0, n, 0, PREFIX_BYTES);
        n[7] = (byte) (counter >>> 24);
        n[8] = (byte) (counter >>> 16);
        n[9] = (byte) (counter >>> 8);
        n[10] = (byte) counter;
        n[11] = (byte) (last ? 1 : 0);
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
