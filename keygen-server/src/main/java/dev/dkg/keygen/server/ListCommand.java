package dev.dkg.keygen.server;

import dev.dkg.cli.ExitCode;
import dev.dkg.keygen.GroupKeyFingerprint;
import dev.dkg.cli.JsonWriter;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.ThresholdKeyRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code keygen-server list}: one line per stored key (id, created, purpose, length, participants), or one JSON
 * document with {@code --json}; never material. Records not sealed to this identity are counted, not hidden.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the keys in the key store: KEY-ID CREATED PURPOSE BYTES PARTICIPANTS, one per line;",
                "then threshold keys: KEY-ID CREATED SCHEME T-of-N PARTICIPANTS group-key FINGERPRINT.",
                "Needs the server's identity (the records are sealed to it); works while the server runs.",
                "Records this identity cannot read (sealed by a server with another key) are counted on stderr."})
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerCredentials credentials;

    @ParentCommand
    Main parent;

    @Option(names = "--json", description = "One JSON document on stdout: {\"key_store\", \"identity\", "
            + "\"skipped_records\", \"keys\": [{\"key_id\", \"created\", \"purpose\", \"length\", \"participants\"}], "
            + "\"threshold_keys\": [{\"key_id\", \"created\", \"scheme\", \"threshold\", \"participants\", "
            + "\"group_key_fingerprint\"}]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ServerCredentials chosen = credentials.orParent(parent.credentials);
        StoredKeys.Listing listing = StoredKeys.read(chosen);
        List<ThresholdKeyRecord> thresholdKeys = StoredKeys.readThreshold(chosen);
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (json) {
                JsonWriter w = new JsonWriter().beginObject()
                        .field("key_store", chosen.keyStore().toString())
                        .field("identity", chosen.identity().name())
                        .field("skipped_records", listing.skipped())
                        .name("keys").beginArray();
                for (KeyRecord k : listing.keys()) {
                    w.beginObject().field("key_id", k.keyId()).field("created", k.created().toString())
                            .field("purpose", k.parameters().purpose()).field("length", k.parameters().length())
                            .field("participants", k.participants()).endObject();
                }
                w.endArray().name("threshold_keys").beginArray();
                for (ThresholdKeyRecord k : thresholdKeys) {
                    w.beginObject().field("key_id", k.keyId()).field("created", k.created().toString())
                            .field("scheme", k.suite().scheme()).field("threshold", k.threshold())
                            .field("participants", k.participants())
                            .field("group_key_fingerprint", GroupKeyFingerprint.of(k.groupKey())).endObject();
                }
                out.println(w.endArray().endObject());
            } else {
                for (KeyRecord k : listing.keys()) {
                    out.println(k.keyId() + " " + k.created() + " " + k.parameters().purpose() + " "
                            + k.parameters().length() + " " + String.join(",", k.participants()));
                }
                for (ThresholdKeyRecord k : thresholdKeys) {
                    out.println(k.keyId() + " " + k.created() + " " + k.suite().scheme() + " " + k.thresholdLabel() + " "
                            + String.join(",", k.participants()) + " group-key " + GroupKeyFingerprint.of(k.groupKey()));
                }
            }
            out.flush();
        } finally {
            listing.keys().forEach(KeyRecord::wipe);
        }
        if (listing.skipped() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("keygen-server: note: skipped " + listing.skipped() + " record(s) not sealed to "
                    + chosen.identity().name() + " (key " + chosen.identity().keyId().fingerprint()
                    + "): they were stored by a server with another key, so this identity cannot read them");
            err.flush();
        }
        return ExitCode.OK;
    }
}
