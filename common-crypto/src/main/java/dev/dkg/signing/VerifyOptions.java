package dev.dkg.signing;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.frost.InvalidEncodingException;
import dev.dkg.frost.VerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import picocli.CommandLine.Option;

/**
 * The options and the check of {@code verify}, shared by keygen-server (keys from its key store) and
 * keygen-client (keys it holds a share of): a signature file, the message, and the key by id or as a PEM file.
 * Verification is offline and needs no secret.
 */
public final class VerifyOptions {
    /** Finds the group key of a threshold key by id (or unique prefix). */
    @FunctionalInterface
    public interface KeyLookup {
        GroupPublicKey find(String keyId) throws IOException;
    }

    @Option(names = "--key", paramLabel = "ID", description = "The threshold key id (or a unique prefix of 8+ hex digits).")
    String keyId;

    @Option(names = "--public", paramLabel = "PUB.pem", description = "The group public key as a PEM file (from export --as public).")
    Path publicKeyFile;

    @Option(names = "--message", required = true, paramLabel = "FILE", description = "The signed file.")
    Path messageFile;

    @Option(names = "--signature", required = true, paramLabel = "SIG", description = "The signature file.")
    Path signatureFile;

    @Option(names = "--format", paramLabel = "hex|raw", description = "Signature encoding (default raw).")
    String format = "raw";

    /** Prints "signature verified" and returns 0, or throws exit 1 for a signature that does not verify. */
    public int verify(PrintWriter out, KeyLookup lookup) throws IOException {
        if ((keyId == null) == (publicKeyFile == null)) {
            throw new CliException(ExitCode.USAGE, "give either --key ID or --public PUB.pem");
        }
        SignatureFile encoding;
        try {
            encoding = SignatureFile.forLabel(format);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
        GroupPublicKey key = keyId != null ? lookup.find(keyId) : readPem(publicKeyFile);
        byte[] message = read(messageFile, "message");
        byte[] signature;
        try {
            signature = encoding.read(signatureFile);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "signature file not found: " + signatureFile);
        } catch (InvalidEncodingException e) {
            throw new CliException(ExitCode.FAILURE, "signature does not verify: " + e.getMessage());
        }
        try {
            SignatureFile.verify(key, message, signature);
        } catch (VerificationException | InvalidEncodingException e) {
            throw new CliException(ExitCode.FAILURE, "signature does not verify: " + e.getMessage(),
                    "is it the right message, key and --format?");
        }
        out.println("signature verified: " + signatureFile + " over " + messageFile + " (" + message.length
                + " bytes) under " + key.suite().scheme() + " key " + HexFormat.of().formatHex(key.toBytes()));
        out.flush();
        return ExitCode.OK;
    }

    private static GroupPublicKey readPem(Path file) throws IOException {
        String pem = new String(read(file, "public key"), StandardCharsets.US_ASCII);
        try {
            return GroupPublicKey.fromPem(pem);
        } catch (InvalidEncodingException e) {
            throw new CliException(ExitCode.IO, file + " is not a usable public key: " + e.getMessage());
        }
    }

    private static byte[] read(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, what + " file not found: " + file);
        }
    }
}
