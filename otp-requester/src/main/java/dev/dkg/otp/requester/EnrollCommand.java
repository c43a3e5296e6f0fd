package dev.dkg.otp.requester;

import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequestException;
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
 * {@code enroll KEY}: prints the key's {@code otpauth://} URI and, with {@code --qr}, a QR code of it for an
 * authenticator app. The URI carries the secret; only requesters the ACL allows to enroll get it.
 */
@Command(name = "enroll", description = "Print the key's otpauth:// URI (it carries the secret), optionally as a QR code.")
final class EnrollCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "Key id (see 'list'), or a unique prefix of 8+ hex digits.")
    String keyId;

    @Option(names = "--qr", description = "Also draw the URI as a QR code in the terminal.")
    boolean qr;

    @Option(names = "--hotp", description = "A counter-based (HOTP) enrolment instead of TOTP.")
    boolean hotp;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OtpClient client = parent.connect()) {
            String key = Main.resolveKey(client, keyId);
            String uri = client.enroll(key, hotp ? OtpMode.HOTP : OtpMode.TOTP);
            out.println(uri);
            if (qr) {
                out.print(TerminalQr.render(uri));
            }
            out.flush();
            return 0;
        } catch (OtpRequestException e) {
            throw Main.failure(e, "enroll", keyId);
        } catch (IOException e) {
            throw parent.connectionFailure(e);
        }
    }
}
