package dev.dkg.otp.requester;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * What the requester knows of the terminal it writes to: whether standard output is one, and how many
 * columns wide it is. The JDK offers no terminal-size call, so the width comes from {@code COLUMNS} when the
 * shell exports it, otherwise from {@code stty size} on the controlling terminal.
 *
 * @param interactive standard input and output are a terminal (escape codes and in-place redraws are fine)
 * @param columns the terminal's width, if it could be found out
 */
record Terminal(boolean interactive, OptionalInt columns) {
    /** The terminal this process runs in. */
    static Terminal current() {
        if (System.console() == null) {
            return new Terminal(false, OptionalInt.empty());
        }
        return new Terminal(true, columnsOf(System.getenv("COLUMNS")).isPresent()
                ? columnsOf(System.getenv("COLUMNS")) : sttyColumns());
    }

    static OptionalInt columnsOf(String value) {
        if (value == null || !value.strip().matches("[1-9][0-9]{0,4}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(value.strip()));
    }

    private static OptionalInt sttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return OptionalInt.empty();
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                return OptionalInt.empty();
            }
            // "ROWS COLUMNS"
            String[] parts = answer.split("\\s+");
            return parts.length == 2 ? columnsOf(parts[1]) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
