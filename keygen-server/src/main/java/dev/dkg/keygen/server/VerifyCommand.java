package dev.dkg.keygen.server;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.KeyStoreVerificationException;
import dev.dkg.keygen.ThresholdKeyRecord;
import dev.dkg.signing.VerifyOptions;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code keygen-server verify}: checks a threshold signature offline, under a key from the key store or a PEM file. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a threshold signature of a file under a key in the key store (--key) or a PEM public key.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerCredentials credentials;

    @Mixin
    VerifyOptions options;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() throws IOException {
        return options.verify(spec.commandLine().getOut(), this::storedKey);
    }

    private GroupPublicKey storedKey(String id) throws IOException {
        ServerCredentials c = credentials.orParent(parent.credentials);
        List<ThresholdKeyRecord> keys;
        try {
            keys = KeyStoreReader.readAllThreshold(c.keyStore(), c.identity(), c.trust());
        } catch (KeyStoreVerificationException e) {
            throw new CliException(ExitCode.IO, e.getMessage());
        }
        String wanted = id.toLowerCase(Locale.ROOT);
        List<ThresholdKeyRecord> matching = keys.stream().filter(k -> k.keyId().startsWith(wanted)).toList();
        if (wanted.length() < 8 || matching.size() != 1) {
            throw new CliException(ExitCode.IO, (matching.isEmpty() ? "no threshold key " : "not one threshold key ")
                    + id + " in " + c.keyStore(), "give 8 or more hex digits of an id 'keygen-server list' shows");
        }
        return new GroupPublicKey(matching.get(0).groupKey());
    }
}
