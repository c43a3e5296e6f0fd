package dev.dkg.crypto;

import java.util.Arrays;

/** Wipes secret material the code owns once it is no longer needed. */
public final class Secrets {
    private Secrets() {}

    public static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }

    public static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
