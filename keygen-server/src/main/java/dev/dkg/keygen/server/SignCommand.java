package dev.dkg.keygen.server;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.cli.CliException;
import dev.dkg.cli.DurationConverter;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.frost.InvalidEncodingException;
import dev.dkg.frost.VerificationException;
import dev.dkg.pki.Role;
import dev.dkg.signing.SignRequest;
import dev.dkg.signing.SignResult;
import dev.dkg.signing.SignatureFile;
import dev.dkg.signing.SigningMessages;
import dev.dkg.signing.SigningOutcome;
import dev.dkg.wire.WireFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keygen-server sign}: asks a running keygen server (the FROST Coordinator) for a threshold signature,
 * verifies it under the group key, and only then writes it.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Ask the keygen server for a threshold signature of a file with a threshold key.",
                "The signature is verified here before it is written; the signers each approve the request."})
final class SignCommand implements Callable<Integer> {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    IdentityOptions identityOptions;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "The keygen server's signing listener.")
    String server;

    @Option(names = "--key", required = true, paramLabel = "ID", description = "The threshold key id (32 hex digits).")
    String keyId;

    @Option(names = "--message", required = true, paramLabel = "FILE", description = "The file to sign.")
    Path messageFile;

    @Option(names = "--out", required = true, paramLabel = "SIG", description = "The new signature file.")
    Path out;

    @Option(names = "--signers", split = ",", paramLabel = "NAME", description = "These holders sign (default: any t).")
    List<String> signers = new ArrayList<>();

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the server waits for the signers to be connected (default 60s).")
    Duration wait = Duration.ofSeconds(60);

    @Option(names = "--format", paramLabel = "hex|raw", description = "Signature encoding (default raw, as openssl reads it).")
    String format = "raw";

    @Option(names = "--server-name", paramLabel = "NAME", description = "Accept only a keygen server with this certificate name.")
    String serverName;

    @Override
    public Integer call() throws IOException {
        SignatureFile encoding = encoding(format);
        InetSocketAddress address = SocketAddressConverter.parse("--server", server);
        SignRequest request = request();
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(out.toString());
        }
        SignResult result = ask(address, request);
        PrintWriter printer = spec.commandLine().getOut();
        if (result.outcome() != SigningOutcome.SIGNED) {
            int code = result.outcome().refused() ? ExitCode.VERIFICATION : ExitCode.FAILURE;
            throw new CliException(code, (result.outcome().refused() ? "refused: " : "signing aborted: ")
                    + result.describe(), result.outcome().refused() ? null : "no signature was made; ask again");
        }
        GroupPublicKey key;
        try {
            key = GroupPublicKey.fromSubjectPublicKeyInfo(result.publicKey());
            SignatureFile.verify(key, request.message(), result.signature());
        } catch (VerificationException | InvalidEncodingException e) {
            throw new CliException(ExitCode.VERIFICATION, "the server's signature does not verify: " + e.getMessage());
        }
        encoding.write(out, result.signature());
        printer.println("signature: " + out + " (" + encoding.label() + ", " + result.signature().length
                + " bytes, verified)");
        printer.println("key-id: " + result.keyIdHex() + " (" + key.suite().scheme() + ")");
        printer.println("signers: " + String.join(" ", result.names()));
        printer.println("public-key: " + HexFormat.of().formatHex(key.toBytes()));
        printer.flush();
        return ExitCode.OK;
    }

    static SignatureFile encoding(String label) {
        try {
            return SignatureFile.forLabel(label);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }

    private SignRequest request() throws IOException {
        String id = keyId.toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{32}")) {
            throw new CliException(ExitCode.USAGE, "--key needs the whole key id, 32 hex digits");
        }
        if (wait.isNegative() || wait.toMillis() > SigningMessages.MAX_WAIT_MILLIS) {
            throw new CliException(ExitCode.USAGE, "--wait must be at most " + SigningMessages.MAX_WAIT_MILLIS / 1000 + "s");
        }
        byte[] message;
        try {
            if (Files.size(messageFile) > SigningMessages.MAX_MESSAGE) {
                throw new CliException(ExitCode.USAGE, messageFile + " is over " + SigningMessages.MAX_MESSAGE
                        + " bytes", "sign a hash of it instead");
            }
            message = Files.readAllBytes(messageFile);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "message file not found: " + messageFile);
        }
        try {
            return new SignRequest(HexFormat.of().parseHex(id), wait.toMillis(), signers, message);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--signers: " + e.getMessage());
        }
    }

    private SignResult ask(InetSocketAddress address, SignRequest request) throws IOException {
        SecureChannel channel;
        try {
            channel = SecureChannel.connect(address.getHostString(), address.getPort(), identityOptions.identity(Set.of(Role.KEYGEN_CLIENT, Role.OTP_REQUESTER)),
                    identityOptions.trust(), Set.of(Role.KEYGEN_SERVER), serverName, CONNECT_TIMEOUT);
        } catch (ChannelException e) {
            throw ChannelFailures.of(e, "connecting to " + server);
        }
        try (channel) {
            // The server may wait for signers, and each operator may take a while to approve.
            channel.setReadTimeout(wait.plus(Duration.ofMinutes(12)));
            channel.send(SigningMessages.SIGN_REQUEST, request.encode());
            return SignResult.decode(channel.receive(Set.of(SigningMessages.SIGN_RESULT)).payload());
        } catch (WireFormatException e) {
            throw new CliException(ExitCode.FAILURE, "malformed answer from the server: " + e.getMessage());
        } catch (EOFException e) {
            throw new CliException(ExitCode.FAILURE, "the server closed the connection before answering");
        } catch (ChannelException e) {
            throw ChannelFailures.of(e, "waiting for the signature");
        }
    }
}
