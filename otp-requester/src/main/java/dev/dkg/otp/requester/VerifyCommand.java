package dev.dkg.otp.requester;

import dev.dkg.cli.ExitCode;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequest;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.otp.protocol.OtpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code verify KEY CODE}: asks the distributor to check a code; prints {@code accepted} (exit 0) or
 * {@code rejected} / {@code locked until …} (exit 3). A code is accepted at most once. {@code CODE} may be
 * {@code -}: the first line of standard input, so a live code need not show in {@code ps} output, where
 * another local user could submit it first.
 */
@Command(name = "verify", description = "Check a code; prints accepted (exit 0) or rejected (exit 3).")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "Key id (see 'list'), or a unique prefix of 8+ hex digits.")
    String keyId;

    @Parameters(index = "1", paramLabel = "CODE",
            description = "The code to check, spaces between digit groups allowed (\"123 456\"); - reads it from standard input.")
    String code;

    @Option(names = "--hotp", description = "Check as a counter-based (HOTP) code instead of TOTP.")
    boolean hotp;

    @Override
    public Integer call() {
        if ("-".equals(code)) {
            code = firstLineOfStdin();
        }
        code = withoutGroupingSpaces(code);
        if (code.length() > OtpRequest.MAX_CODE_BYTES) {
            throw new CommandLine.ParameterException(spec.commandLine(), "CODE is longer than any OTP code");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (OtpClient client = parent.connect()) {
            String key = Main.resolveKey(client, keyId);
            OtpResponse.Verdict verdict = client.verify(key, hotp ? OtpMode.HOTP : OtpMode.TOTP, code);
            switch (verdict.outcome()) {
                case ACCEPTED -> out.println("accepted");
                case REJECTED -> out.println(verdict.lockedUntil() == null
                        ? "rejected"
                        : "rejected; too many failures, key locked until " + verdict.lockedUntil());
                case LOCKED_OUT -> out.println("rejected; key locked until " + verdict.lockedUntil());
            }
            out.flush();
            return verdict.outcome() == OtpResponse.Outcome.ACCEPTED ? ExitCode.OK : ExitCode.VERIFICATION;
        } catch (OtpRequestException e) {
            throw Main.failure(e, "verify", keyId);
        } catch (IOException e) {
            throw parent.connectionFailure(e);
        }
    }

    /**
     * Authenticator apps show a code in groups ("123 456"), and users type it that way: spaces between
     * digits are dropped. Anything else is sent as typed, for the distributor to judge.
     */
    static String withoutGroupingSpaces(String typed) {
        String stripped = typed.strip();
        return stripped.matches("[0-9]+( +[0-9]+)*") ? stripped.replace(" ", "") : typed;
    }

    private String firstLineOfStdin() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            return line == null ? "" : line.strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read CODE from standard input");
        }
    }
}
