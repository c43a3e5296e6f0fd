package dev.dkg.otp.requester;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.otp.OtpAuthUri;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code enroll KEY}: prints the key's {@code otpauth://} URI and, with {@code --qr}, a QR code of it for an
 * authenticator app (or, with {@code --qr-png}, an owner-only PNG image of it). The URI carries the secret;
 * only requesters the ACL allows to enroll get it.
 *
 * <p>A terminal QR code that would not fit the terminal's width is refused before anything is asked of the
 * distributor: a wrapped code cannot be scanned, and the secret would have been printed for nothing.
 */
@Command(name = "enroll", description = {
        "Print the key's otpauth:// URI (it carries the secret), optionally as a QR code.",
        "Some authenticator apps ignore the algorithm, digits and period the URI names and assume SHA1, 6 digits,"
                + " 30 s: check that the app shows the same code as 'otp-requester get' before relying on it."})
final class EnrollCommand implements Callable<Integer> {
    /** Pixels per QR module in a PNG: large enough for a phone camera at arm's length. */
    static final int PNG_PIXELS_PER_MODULE = 8;

    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "Key id (see 'list'), or a unique prefix of 8+ hex digits.")
    String keyId;

    @Option(names = "--qr", description = "Also draw the URI as a QR code in the terminal.")
    boolean qr;

    @Option(names = "--qr-png", paramLabel = "FILE",
            description = "Also write the QR code as a PNG image to FILE (created new, owner-only: it carries the secret).")
    Path qrPng;

    @Option(names = "--account", paramLabel = "NAME",
            description = "The account name the authenticator app shows (default: the key id); the issuer is the distributor's --issuer.")
    String account;

    @Option(names = "--hotp", description = "A counter-based (HOTP) enrolment instead of TOTP.")
    boolean hotp;

    @Override
    public Integer call() {
        if (account != null && account.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--account must not be empty");
        }
        checkPngPath();
        Terminal terminal = parent.terminal();
        PrintWriter out = spec.commandLine().getOut();
        String uri;
        try (OtpClient client = parent.connect()) {
            uri = client.enroll(Main.resolveKey(client, keyId), hotp ? OtpMode.HOTP : OtpMode.TOTP);
        } catch (OtpRequestException e) {
            throw Main.failure(e, "enroll", keyId);
        } catch (IOException e) {
            throw parent.connectionFailure(e);
        }
        if (account != null) {
            uri = OtpAuthUri.withAccount(uri, account);
        }
        if (qr) {
            // Checked before printing anything, the URI included: a refused command shows no secret.
            int needed = TerminalQr.columns(uri);
            if (terminal.interactive() && terminal.columns().isPresent() && terminal.columns().getAsInt() < needed) {
                throw new CliException(ExitCode.USAGE, "the QR code needs " + needed + " columns but the terminal has "
                        + terminal.columns().getAsInt(), "widen the terminal (or make the font smaller), or use --qr-png FILE");
            }
        }
        out.println(uri);
        if (qr) {
            out.print(TerminalQr.render(uri, terminal.interactive()));
            if (!terminal.interactive()) {
                spec.commandLine().getErr().println("otp-requester: note: standard output is not a terminal, so the QR code"
                        + " has no colours; --qr-png FILE writes an image instead");
            }
        }
        out.flush();
        if (qrPng != null) {
            writePng(uri);
        }
        return 0;
    }

    /** Refuses a PNG path that cannot be created, before the distributor is asked for the secret. */
    private void checkPngPath() {
        if (qrPng == null) {
            return;
        }
        Path parentDir = qrPng.toAbsolutePath().getParent();
        if (parentDir != null && !Files.isDirectory(parentDir)) {
            throw new CliException(ExitCode.USAGE, "cannot write " + qrPng + ": the directory " + parentDir
                    + " does not exist", "create it first, or choose another --qr-png path");
        }
        if (Files.exists(qrPng)) {
            throw new CliException(ExitCode.USAGE, "cannot write " + qrPng + ": it already exists",
                    "remove it first (it may hold an earlier enrolment's secret) or choose another path");
        }
    }

    private void writePng(String uri) {
        try {
            SecretFiles.writeNew(qrPng, TerminalQr.png(uri, PNG_PIXELS_PER_MODULE));
        } catch (FileAlreadyExistsException e) {
            throw new CliException(ExitCode.USAGE, "cannot write " + qrPng + ": it already exists");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot write " + qrPng + ": " + e.getMessage());
        }
        spec.commandLine().getErr().println("otp-requester: wrote the QR code to " + qrPng
                + " (owner-only; delete it once the app has enrolled the key)");
    }
}
