package dev.dkg.otp.requester;

import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.otp.protocol.OtpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code watch KEY}: shows the current TOTP code with a countdown bar, redrawn every second and fetched
 * again when its step ends, until interrupted (or after {@code --count N} lines). On a terminal the line
 * is redrawn in place; otherwise each refresh is a new line. One connection serves the whole watch.
 */
@Command(name = "watch", description = "Show the current code with a countdown, refreshing each second until interrupted.")
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "Key id (see 'list'), or a unique prefix of 8+ hex digits.")
    String keyId;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N refreshes, N >= 1 (default: run until interrupted).")
    Integer countOption;

    /** 0: until interrupted. */
    private int count;

    /** Set while the cursor sits at the end of a redrawn line, so an interrupt can end that line first. */
    private volatile boolean midLine;

    @Override
    public Integer call() throws InterruptedException {
        if (countOption != null && countOption < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count must be at least 1 (leave it out to watch until interrupted)");
        }
        count = countOption == null ? 0 : countOption;
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = parent.terminal().interactive();
        Thread endLine = new Thread(() -> {
            // Ctrl-C: leave the shell prompt on a line of its own, not glued to the countdown.
            if (midLine) {
                out.println();
                out.flush();
            }
        }, "watch-newline");
        Runtime.getRuntime().addShutdownHook(endLine);
        try {
            return watch(out, terminal);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(endLine);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: nothing to undo.
            }
        }
    }

    private Integer watch(PrintWriter out, boolean terminal) throws InterruptedException {
        int shown = 0;
        try (OtpClient client = parent.connect()) {
            String key = Main.resolveKey(client, keyId);
            while (count <= 0 || shown < count) {
                OtpResponse.Code code = client.get(key, OtpMode.TOTP);
                long fetched = System.nanoTime();
                // Count the step down locally; ask again only when it has run out.
                for (int left = code.secondsValid(); left > 0 && (count <= 0 || shown < count); left--) {
                    String line = CountdownBar.line(code.code(), left, code.stepSeconds());
                    if (terminal) {
                        out.print("\r" + line);
                        midLine = true;
                    } else {
                        out.println(line);
                    }
                    out.flush();
                    shown++;
                    if (count > 0 && shown >= count) {
                        break;
                    }
                    long next = fetched + (code.secondsValid() - left + 1) * 1_000_000_000L;
                    long sleep = (next - System.nanoTime()) / 1_000_000;
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            }
            if (terminal) {
                out.println();
                midLine = false;
            }
            out.flush();
            return 0;
        } catch (OtpRequestException e) {
            throw Main.failure(e, "get", keyId);
        } catch (IOException e) {
            throw parent.connectionFailure(e);
        }
    }
}
