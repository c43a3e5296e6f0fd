package dev.dkg.keygen.client;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.crypto.KeyId;
import dev.dkg.keygen.GroupKeyFingerprint;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.Receipt;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.keygen.ThresholdReceipt;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.wire.ErrorCode;
import java.net.InetSocketAddress;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The keygen-client executable: takes part in one key-generation round and prints the server's signed receipt. */
@Command(name = "keygen-client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {ListCommand.class, ExportCommand.class},
        description = {"Contribute to one key-generation round and print the server's signed receipt.",
                "The per-client secret is made on first run in the data directory, sealed to this identity.",
                "In a threshold round (keygen-server --threshold) the client ends with a share of a key no one "
                        + "holds, kept sealed in DIR/threshold; 'list' shows them, 'export' writes a group public key."})
public final class Main implements Callable<Integer> {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** What may open a round (ROUND_ABORTED is refused here: there is no round to abort yet). */
    private static final Set<Integer> FIRST_MESSAGE = Set.of(KeygenMessages.ROUND_OPEN, ThresholdMessages.OPEN);

    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    IdentityOptions identityOptions;

    // Checked when used, not by the parser, so that 'keygen-client completion' and 'help' need no --server.
    @Option(names = "--server", paramLabel = "HOST:PORT", description = "The keygen server (required for a round).")
    String server;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where this client keeps its sealed secret and receipts (default ./data/keygen-client/NAME).")
    Path dataDir;

    @Option(names = "--phrase-prompt",
            description = "Also mix in a random phrase typed now (not echoed; read from stdin without a terminal).")
    boolean phrasePrompt;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "Accept only a keygen server whose certificate has this name.")
    String serverName;

    /** Looked up when first used, so --help and argument errors never start Logback. */
    private static Logger log() {
        return LoggerFactory.getLogger(Main.class);
    }

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        if (server == null) {
            throw new CliException(ExitCode.USAGE, "missing --server HOST:PORT", "or use 'list' or 'export'");
        }
        InetSocketAddress address = SocketAddressConverter.parse("--server", server);
        Identity me = identity();
        TrustAnchor trust = identityOptions.trust();
        Path dir = dataDirOf(dataDir, me);
        byte[] phraseHash = phrasePrompt ? PhrasePrompt.readPhraseHash(System.in) : ContributionKey.NO_PHRASE;
        PrintWriter out = spec.commandLine().getOut();
        try (ContributionKey key = openKey(dir, me)) {
            Object result = runRound(address, me, trust, key, phraseHash, new ThresholdShareStore(dir, me));
            if (result instanceof ThresholdParticipant.Result threshold) {
                printThreshold(out, threshold);
                return ExitCode.OK;
            }
            Receipt receipt = (Receipt) result;
            Path saved = save(dir, receipt);
            out.println("key-id: " + receipt.keyIdHex());
            out.println("transcript-hash: " + receipt.transcriptHashHex());
            out.println("participants: " + String.join(" ", receipt.participants()));
            out.println("check-value: " + receipt.checkValueHex());
            out.println("round: " + receipt.roundIdHex());
            out.println("created: " + receipt.created());
            out.println("purpose: " + receipt.parameters().purpose() + " (" + receipt.parameters().length() + " bytes)");
            out.println("signed-by: server key " + KeyId.fromBytes(receipt.serverKeyId()).fingerprint());
            out.println("receipt-file: " + saved);
        }
        out.flush();
        return ExitCode.OK;
    }

    /** This client's identity (--identity, --trust are global options, checked here). */
    Identity identity() {
        if (identityOptions.identityFile() == null || identityOptions.trustFile() == null) {
            throw new CliException(ExitCode.USAGE, "keygen-client needs --identity and --trust");
        }
        return identityOptions.identity(Role.KEYGEN_CLIENT);
    }

    /** The data directory: --data-dir, or ./data/keygen-client/NAME. */
    static Path dataDirOf(Path dataDir, Identity me) {
        return dataDir != null ? dataDir : Path.of("data", "keygen-client", me.name());
    }

    private static void printThreshold(PrintWriter out, ThresholdParticipant.Result result) {
        ThresholdReceipt r = result.receipt();
        out.println("key-id: " + r.keyIdHex());
        out.println("scheme: " + r.suite().scheme());
        out.println("threshold: " + r.thresholdLabel());
        out.println("group-key: " + GroupKeyFingerprint.of(r.groupKey()) + " (SHA-256 of its SubjectPublicKeyInfo, first 8 bytes)");
        out.println("participants: " + String.join(" ", r.participants()));
        out.println("identifier: " + result.share().identifier());
        out.println("round: " + r.roundIdHex());
        out.println("created: " + r.created());
        out.println("signed-by: server key " + KeyId.fromBytes(r.serverKeyId()).fingerprint());
        out.println("share-file: " + result.file());
        out.flush();
    }

    private static ContributionKey openKey(Path dir, Identity me) throws IOException {
        try {
            return ContributionKey.loadOrCreate(dir, me);
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage(),
                    "use the identity this data directory belongs to, or another --data-dir");
        }
    }

    /** One round of whichever kind the server opens: a {@link Receipt} or a {@link ThresholdParticipant.Result}. */
    private Object runRound(InetSocketAddress address, Identity me, TrustAnchor trust, ContributionKey key, byte[] phraseHash,
                            ThresholdShareStore shares) throws IOException {
        SecureChannel channel;
        try {
            channel = SecureChannel.connect(address.getHostString(), address.getPort(), me, trust, Set.of(Role.KEYGEN_SERVER),
                    serverName, CONNECT_TIMEOUT);
        } catch (ChannelException e) {
            throw channelFailure(e, "connecting to " + server);
        } catch (java.net.ConnectException e) {
            throw new CliException(ExitCode.UNREACHABLE, "connection refused by " + server
                    + ": nothing listens there", "is the keygen server running, and is --server right?", e);
        }
        log().info("connected to {} ({}) as {}; waiting for the round to open", channel.peer().name(), server, me.name());
        try (channel) {
            SecureChannel.Message first = channel.receive(FIRST_MESSAGE);
            if (first.kind() == ThresholdMessages.OPEN) {
                return ThresholdParticipant.participate(channel, first, me, trust, shares, new SecureRandom(),
                        ThresholdParticipant.HONEST);
            }
            if (first.kind() != KeygenMessages.ROUND_OPEN) {
                channel.reject(ErrorCode.PROTOCOL, "the round did not open with ROUND_OPEN or T_OPEN");
                throw new CliException(ExitCode.VERIFICATION, "the server did not open a round");
            }
            return RoundParticipant.participate(channel, first, me.name(), key, phraseHash, new SecureRandom());
        } catch (RoundAbortedException e) {
            throw new CliException(ExitCode.FAILURE, e.getMessage(), "no key was made; start the round again");
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage());
        } catch (EOFException e) {
            throw new CliException(ExitCode.FAILURE, "the server closed the connection during the round");
        } catch (ChannelException e) {
            throw channelFailure(e, "during the round");
        }
    }

    private static CliException channelFailure(ChannelException e, String when) {
        ErrorCode code = e.code();
        return switch (code) {
            case AUTHENTICATION -> new CliException(ExitCode.VERIFICATION, "authentication failed " + when + ": "
                    + e.getMessage(), "check --identity, --trust and that the server's certificate is from the same CA");
            case NOT_AUTHORISED -> new CliException(ExitCode.VERIFICATION, "the server refused this client ("
                    + when + "): " + e.getMessage(),
                    "is this name a listed participant, not already connected, and the server still serving rounds?");
            case BUSY, TIMEOUT -> new CliException(ExitCode.UNREACHABLE, "server not answering " + when + ": "
                    + e.getMessage());
            case PROTOCOL -> new CliException(ExitCode.FAILURE, "protocol error " + when + ": " + e.getMessage());
        };
    }

    /** Keeps the signed receipt (public) next to the sealed secret, so it can be shown to others later. */
    private static Path save(Path dir, Receipt receipt) throws IOException {
        Path receipts = Files.createDirectories(dir.resolve("receipts"));
        Path file = receipts.resolve(receipt.keyIdHex() + ".receipt");
        Files.write(file, receipt.encode(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return file;
    }

    public static void main(String[] args) {
        Cli.main("keygen-client", new Main(), args);
    }
}
