package dev.dkg.keygen.server;

import dev.dkg.cli.ExitCode;
import dev.dkg.keygen.GroupKeyFingerprint;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.ThresholdKeyRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code keygen-server list}: one line per stored key (id, created, purpose, length, participants); never material. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the keys in the key store: KEY-ID CREATED PURPOSE BYTES PARTICIPANTS, one per line;",
                "then threshold keys: KEY-ID CREATED SCHEME T-of-N PARTICIPANTS group-key FINGERPRINT.",
                "Needs the server's identity (the records are sealed to it); works while the server runs."})
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerCredentials credentials;

    @ParentCommand
    Main parent;

    @Override
    public Integer call() throws IOException {
        List<KeyRecord> keys = StoredKeys.read(credentials.orParent(parent.credentials));
        PrintWriter out = spec.commandLine().getOut();
        for (KeyRecord k : keys) {
            out.println(k.keyId() + " " + k.created() + " " + k.parameters().purpose() + " " + k.parameters().length()
                    + " " + String.join(",", k.participants()));
            k.wipe();
        }
        for (ThresholdKeyRecord k : StoredKeys.readThreshold(credentials.orParent(parent.credentials))) {
            out.println(k.keyId() + " " + k.created() + " " + k.suite().scheme() + " " + k.thresholdLabel() + " "
                    + String.join(",", k.participants()) + " group-key " + GroupKeyFingerprint.of(k.groupKey()));
        }
        out.flush();
        return ExitCode.OK;
    }
}
