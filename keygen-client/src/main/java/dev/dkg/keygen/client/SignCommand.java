package dev.dkg.keygen.client;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.signing.SessionEnded;
import dev.dkg.signing.Signer;
import dev.dkg.signing.SigningKey;
import dev.dkg.signing.SigningOutcome;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code keygen-client sign}: takes part, as one holder of a threshold key, in the keygen server's FROST signing
 * sessions for that key. Each request is shown (requester, key, message length and SHA-256, the text when short)
 * and answered only after approval.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign with a threshold key this client holds a share of, when the keygen server asks.",
                "Shows each request and asks for approval (or --auto-approve); exits after one session unless --watch."})
final class SignCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SignCommand.class);
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    /** --identity, --password-file and --trust are global options of keygen-client. */
    @ParentCommand
    Main parent;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "The keygen server's signing listener.")
    String server;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The client's data directory (default ./data/keygen-client/NAME).")
    Path dataDir;

    @Option(names = "--key", required = true, paramLabel = "ID", description = "Key id, or a unique prefix of 8+ hex digits.")
    String keyId;

    @Option(names = "--auto-approve", description = "Approve every request without asking (each is still shown and logged).")
    boolean autoApprove;

    @Option(names = "--watch", description = "Stay connected and answer sessions until stopped, reconnecting when the server goes away.")
    boolean watch;

    @Option(names = "--server-name", paramLabel = "NAME", description = "Accept only a keygen server with this certificate name.")
    String serverName;

    @Override
    public Integer call() throws IOException, InterruptedException {
        InetSocketAddress address = SocketAddressConverter.parse("--server", server);
        Identity me = parent.identity();
        HeldShare held = heldShare(me);
        SigningKey key = new SigningKey(held.receipt().keyId(), held.suite(), held.receipt().threshold(),
                held.receipt().participants(), held.groupKey(), held.verificationShares());
        PrintWriter out = spec.commandLine().getOut();
        Signer.Events events = line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
        Signer signer = new Signer(key, held.signingShare(), me.name(), approval(out), events, new SecureRandom());
        while (true) {
            try (SecureChannel channel = connect(address, me)) {
                SessionEnded ended = signer.serve(channel, watch);
                return ended.outcome() == SigningOutcome.SIGNED ? ExitCode.OK : ExitCode.FAILURE;
            } catch (Signer.SigningRefusedException e) {
                throw new CliException(ExitCode.FAILURE, e.getMessage());
            } catch (EOFException | ConnectException e) {
                if (!watch) {
                    throw new CliException(ExitCode.UNREACHABLE, "the server closed the connection before the session ended");
                }
            } catch (ChannelException e) {
                if (!watch || e.code() == dev.dkg.wire.ErrorCode.NOT_AUTHORISED
                        || e.code() == dev.dkg.wire.ErrorCode.AUTHENTICATION) {
                    throw e;
                }
            }
            // Like a share holder: the server restarted or the link broke; nonces of any open session are gone.
            events.line("connection to " + server + " lost; reconnecting in " + RECONNECT_DELAY.toSeconds() + "s");
            Thread.sleep(RECONNECT_DELAY.toMillis());
        }
    }

    private HeldShare heldShare(Identity me) throws IOException {
        if (!keyId.matches("[0-9a-fA-F]{8,32}")) {
            throw new CliException(ExitCode.USAGE, "a key id is 8 to 32 hex digits, not '" + keyId + "'");
        }
        try {
            HeldShare held = new ThresholdShareStore(Main.dataDirOf(dataDir, me), me).find(keyId.toLowerCase(Locale.ROOT));
            if (held == null) {
                throw new CliException(ExitCode.FAILURE, "this client holds no share of key " + keyId, "see 'keygen-client list'");
            }
            return held;
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), "give more digits");
        }
    }

    private SecureChannel connect(InetSocketAddress address, Identity me) throws IOException {
        return SecureChannel.connect(address.getHostString(), address.getPort(), me, parent.identityOptions.trust(),
                Set.of(Role.KEYGEN_SERVER), serverName, Main.CONNECT_TIMEOUT);
    }

    /** Shows the request, then asks on the terminal (or stdin), unless --auto-approve. */
    private Signer.Approval approval(PrintWriter out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return request -> {
            synchronized (out) {
                request.describe().forEach(out::println);
                if (autoApprove) {
                    out.println("approved (--auto-approve)");
                    out.flush();
                    return true;
                }
                out.print("sign it? [y/N] ");
                out.flush();
            }
            String answer = in.readLine();
            boolean yes = answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
            log.info("operator {} signing session {}", yes ? "approved" : "declined", request.sessionIdHex());
            return yes;
        };
    }
}
