package dev.dkg.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a password from a file (first line) or from the terminal without echo; never from an argument.
 * The returned array belongs to the caller, who wipes it after use.
 */
public final class PasswordInput {
    private PasswordInput() {}

    /** From {@code file} if given, else a no-echo prompt on the console; fails clearly when neither is possible. */
    public static char[] read(Path file, String prompt) {
        if (file != null) {
            return fromFile(file);
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException(ExitCode.USAGE, "no password given and no terminal to ask on",
                    "pass --password-file FILE");
        }
        char[] pw = console.readPassword("%s: ", prompt);
        if (pw == null || pw.length == 0) {
            throw new CliException(ExitCode.USAGE, "empty password");
        }
        return pw;
    }

    /** The first line of {@code file}, without its line ending. */
    public static char[] fromFile(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "password file not found: " + file);
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "cannot read password file " + file + ": " + e.getMessage());
        }
        try {
            int end = 0;
            while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') {
                end++;
            }
            if (end == 0) {
                throw new CliException(ExitCode.IO, "password file is empty: " + file);
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, end));
            char[] pw = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return pw;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
