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

    @Option(names = "--count", paramLabel = "N", description = "Stop after N refreshes (default: run until interrupted).")
    int count;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
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
