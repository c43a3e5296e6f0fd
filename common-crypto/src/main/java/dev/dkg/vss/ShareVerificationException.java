package dev.dkg.vss;

import java.security.GeneralSecurityException;

/**
 * A share, refresh delta or sub-share failed its check against public commitments; {@link #x()} names the
 * party to blame so the caller can report it and skip that input.
 */
public final class ShareVerificationException extends GeneralSecurityException {
    private final int x;

    ShareVerificationException(int x, String message) {
        super(message);
        this.x = x;
    }

    /**
     * The x coordinate of the party whose value failed: a share's or delta's own x, or for a sub-share
     * the old holder who sent it.
     */
    public int x() {
        return x;
    }
}
