package dev.dkg.keygen.client;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.Secrets;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Asks the user for a random phrase to mix into the contribution: on the terminal without echo, or as the
 * first line of standard input when there is no terminal (scripts, tests). Only its hash leaves this class;
 * the characters are wiped.
 */
final class PhrasePrompt {
    static final int MAX_CHARS = 4096;

    private PhrasePrompt() {}

    /** {@link ContributionKey#phraseHash} of the phrase the user types. */
    static byte[] readPhraseHash(InputStream stdin) {
        Console console = System.console();
        char[] phrase = console != null ? console.readPassword("random phrase (not echoed): ") : firstLine(stdin);
        try {
            if (phrase == null || phrase.length == 0) {
                throw new CliException(ExitCode.USAGE, "no phrase typed", "type a few random words, then Enter");
            }
            return ContributionKey.phraseHash(phrase);
        } finally {
            Secrets.wipe(phrase);
        }
    }

    private static char[] firstLine(InputStream stdin) {
        char[] buffer = new char[MAX_CHARS];
        int n = 0;
        try {
            Reader in = new InputStreamReader(stdin, StandardCharsets.UTF_8);
            int c;
            while (n < buffer.length && (c = in.read()) != -1 && c != '\n' && c != '\r') {
                buffer[n++] = (char) c;
            }
            return Arrays.copyOf(buffer, n);
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "cannot read the phrase from standard input: " + e.getMessage());
        } finally {
            Secrets.wipe(buffer);
        }
    }
}
