package dev.dkg.pki;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.PasswordInput;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.Secrets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/** Checks the pki commands' arguments up front, so mistakes fail with exit 2 before any slow key generation. */
final class Arguments {
    static final int MAX_VALIDITY_DAYS = 36_500;

    private Arguments() {}

    static int rsaBits(int bits) {
        try {
            return Algorithms.checkRsaBits(bits);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }

    static Duration validity(int days) {
        if (days < 1 || days > MAX_VALIDITY_DAYS) {
            throw new CliException(ExitCode.USAGE, "--validity-days must be between 1 and " + MAX_VALIDITY_DAYS
                    + ", not " + days);
        }
        return Duration.ofDays(days);
    }

    static String partyName(String name) {
        try {
            return Subject.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** Fails before any work if one of the output files already exists (it would never be overwritten anyway). */
    static void refuseExisting(Path... files) throws FileAlreadyExistsException {
        for (Path f : files) {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(f.toString());
            }
        }
    }

    /** A password for a new file: from {@code file}, or asked twice on the terminal. */
    static char[] newPassword(Path file, String what) {
        if (file != null) {
            return PasswordInput.fromFile(file);
        }
        char[] first = PasswordInput.read(null, "new password for " + what);
        char[] second = PasswordInput.read(null, "repeat the password for " + what);
        try {
            if (!Arrays.equals(first, second)) {
                Secrets.wipe(first);
                throw new CliException(ExitCode.USAGE, "the two passwords differ");
            }
            return first;
        } finally {
            Secrets.wipe(second);
        }
    }
}
