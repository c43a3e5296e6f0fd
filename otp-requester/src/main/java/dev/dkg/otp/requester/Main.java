package dev.dkg.otp.requester;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdPrefix;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.pki.Role;
import dev.dkg.otp.protocol.OtpResponse;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The otp-requester executable: connects to a distributor as this identity and runs one subcommand.
 * Maps every outcome to the suite's exit codes in {@link #failure} and {@link #connectionFailure}.
 */
@Command(name = "otp-requester", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Requests and verifies one-time passwords.",
        subcommands = {ListCommand.class, GetCommand.class, VerifyCommand.class, WatchCommand.class,
                EnrollCommand.class, AdminCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    static final String ROLE = "otp-requester";

    @Mixin
    VerboseOption verbose;

    @Mixin
    IdentityOptions identityOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = SocketAddressConverter.class,
            scope = ScopeType.INHERIT, defaultValue = "127.0.0.1:7102",
            description = "The distributor (default ${DEFAULT-VALUE}).")
    InetSocketAddress server;

    @Option(names = "--server-name", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Accept only a distributor whose certificate has this name.")
    String serverName;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "Bound on connecting and the handshake (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = 10;

    /** The terminal output goes to; tests replace it to see what a user at a terminal of some width sees. */
    Terminal terminal = null;

    Terminal terminal() {
        if (terminal == null) {
            terminal = Terminal.current();
        }
        return terminal;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Connects and authenticates to the distributor; failures become exit-coded {@link CliException}s. */
    OtpClient connect() {
        try {
            return OtpClient.connect(server.getHostString(), server.getPort(), identityOptions.identity(Role.OTP_REQUESTER),
                    identityOptions.trust(), serverName, Duration.ofSeconds(timeoutSeconds));
        } catch (IOException e) {
            throw connectionFailure(e);
        }
    }

    /**
     * The key id to send for what the user typed: a hex prefix shorter than a full key id (32 digits) is resolved
     * against the keys this requester may see ({@code list}, on the same connection); anything else is sent as is.
     */
    static String resolveKey(OtpClient client, String typed) throws IOException, OtpRequestException {
        String id = typed.strip();
        if (!id.matches("[0-9a-fA-F]{1,31}")) {
            return id;
        }
        IdPrefix.normalise(id, "key");
        return IdPrefix.resolve(id, client.list(), OtpResponse.KeyEntry::keyId, "key", "otp-requester list").keyId();
    }

    /** HOST:PORT of the distributor, as the user gave it. */
    String serverAddress() {
        return server.getHostString() + ":" + server.getPort();
    }

    /** The exit-coded error for a channel that failed or was refused. */
    CliException connectionFailure(IOException e) {
        String where = serverAddress();
        if (e instanceof PeerRejectedException p) {
            return switch (p.code()) {
                case NOT_AUTHORISED -> new CliException(ExitCode.VERIFICATION, "the distributor at " + where
                        + " refused this identity (not authorised)", "the distributor serves otp-requester identities only");
                case AUTHENTICATION -> new CliException(ExitCode.VERIFICATION, "the distributor at " + where
                        + " did not accept this identity's certificate or signature",
                        "is the identity issued by the distributor's CA and still valid?");
                case BUSY -> new CliException(ExitCode.UNREACHABLE, "the distributor at " + where + " is busy",
                        "try again shortly");
                case TIMEOUT -> new CliException(ExitCode.UNREACHABLE, "the distributor at " + where + " timed out");
                case PROTOCOL -> new CliException(ExitCode.FAILURE, "the distributor at " + where
                        + " reported a protocol error");
            };
        }
        if (e instanceof ChannelException c) {
            int exit = switch (c.code()) {
                case AUTHENTICATION, NOT_AUTHORISED -> ExitCode.VERIFICATION;
                case BUSY, TIMEOUT -> ExitCode.UNREACHABLE;
                case PROTOCOL -> ExitCode.FAILURE;
            };
            return new CliException(exit, "channel to " + where + " failed: " + c.getMessage(), null, c);
        }
        if (e instanceof EOFException) {
            return new CliException(ExitCode.UNREACHABLE, "the distributor at " + where + " closed the connection");
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.SocketTimeoutException
                || e instanceof java.net.UnknownHostException || e instanceof java.net.NoRouteToHostException) {
            return new CliException(ExitCode.UNREACHABLE, "cannot reach the distributor at " + where + ": "
                    + e.getMessage(), "is the distributor running, and is --server right?", e);
        }
        return new CliException(ExitCode.UNREACHABLE, "connection to " + where + " failed: " + e.getMessage(), null, e);
    }

    /** The exit-coded error for a request the distributor refused. */
    static CliException failure(OtpRequestException e, String operation, String keyId) {
        String what = operation + (keyId == null ? "" : " key " + keyId);
        return switch (e.status()) {
            case DENIED -> new CliException(ExitCode.VERIFICATION, "not authorised to " + what,
                    "the distributor's ACL has no rule granting this; ask its operator");
            case UNKNOWN_KEY -> new CliException(ExitCode.FAILURE, "unknown key " + keyId,
                    "'otp-requester list' shows the keys you may use");
            case MALFORMED_CODE -> new CliException(ExitCode.USAGE, "malformed code: " + e.reason());
            case DISABLED -> new CliException(ExitCode.VERIFICATION, "key " + keyId + " is disabled by an administrator",
                    "ask the distributor's operator ('otp-requester admin enable KEY' re-enables it)");
            case BAD_REQUEST, SERVER_ERROR, OK -> new CliException(ExitCode.FAILURE, "the distributor could not "
                    + what + ": " + e.getMessage());
        };
    }

    public static void main(String[] args) {
        Cli.main(ROLE, new Main(), args);
    }
}
