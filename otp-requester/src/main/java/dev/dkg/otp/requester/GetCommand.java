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
 * {@code get KEY}: prints the key's current TOTP code and the seconds it stays valid
 * ({@code 123456 valid 21s}), or with {@code --hotp} its next HOTP code and counter ({@code 123456 counter 7}).
 * Digits and algorithm are those stored with the key.
 */
@Command(name = "get", description = "Print the key's current code and how long it stays valid.")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "Key id (see 'list'), or a unique prefix of 8+ hex digits.")
    String keyId;

    @Option(names = "--hotp", description = "The next counter-based (HOTP) code instead of the current TOTP code.")
    boolean hotp;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OtpClient client = parent.connect()) {
            String key = Main.resolveKey(client, keyId);
            OtpResponse.Code code = client.get(key, hotp ? OtpMode.HOTP : OtpMode.TOTP);
            out.println(hotp
                    ? code.code() + " counter " + code.counter()
                    : code.code() + " valid " + code.secondsValid() + "s");
            out.flush();
            return 0;
        } catch (OtpRequestException e) {
            throw Main.failure(e, "get", keyId);
        } catch (IOException e) {
            throw parent.connectionFailure(e);
        }
    }
}
