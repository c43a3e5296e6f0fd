package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.JsonWriter;
import dev.dkg.sharing.VaultId;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What {@code dealer status} and {@code dealer list} print about the vaults, as text lines or as one JSON
 * document (fields in docs/operations.md, "dealer status and list"). It only reads the vault states.
 */
final class VaultListing {
    private VaultListing() {}

    /**
     * Prints every vault of {@code vaults}. {@code connected} is null when the dealer is not listening (list, or
     * status while another dealer runs): then no holder connection is shown.
     */
    static void print(PrintWriter to, VaultStore vaults, List<String> connected, boolean json) throws IOException {
        Predicate<String> isConnected = connected == null ? n -> false : connected::contains;
        List<VaultId> ids = vaults.list();
        if (json) {
            JsonWriter w = new JsonWriter().beginObject();
            w.field("listening", connected != null);
            if (connected != null) {
                w.field("holders_connected", connected);
            }
            w.name("vaults").beginArray();
            for (VaultId id : ids) {
                w.beginObject().field("id", id.hex());
                try {
                    VaultState s = vaults.state(id);
                    w.field("label", s.label()).field("threshold", s.threshold()).field("holders", s.holderNames()).field("epoch", s.epoch())
                            .field("file", s.fileName()).field("file_bytes", s.fileLength())
                            .field("created", Instant.ofEpochSecond(s.created()).toString())
                            .field("unconfirmed", s.pending().stream().map(VaultState.Pending::describe).toList());
                    if (connected != null) {
                        w.field("holders_connected_now", s.holderNames().stream().filter(isConnected).toList());
                    }
                } catch (CliException e) {
                    w.field("error", e.getMessage());
                }
                w.endObject();
            }
            w.endArray().endObject();
            say(to, w.toString());
            return;
        }
        if (connected != null) {
            say(to, connected.size() + " holder" + (connected.size() == 1 ? "" : "s") + " connected"
                    + (connected.isEmpty() ? "" : ": " + String.join(" ", connected)));
        }
        if (ids.isEmpty()) {
            say(to, "no vaults");
        }
        for (VaultId id : ids) {
            try {
                VaultState s = vaults.state(id);
                long now = s.holderNames().stream().filter(isConnected).count();
                say(to, "vault " + id + (s.label().isEmpty() ? "" : " \"" + s.label() + "\"") + ": " + s.threshold() + "-of-" + s.holders().size() + " "
                        + String.join(",", s.holderNames()) + ", epoch " + s.epoch() + ", file " + s.fileName() + " ("
                        + s.fileLength() + " bytes), created " + Instant.ofEpochSecond(s.created())
                        + (connected == null ? "" : "; " + now + "/" + s.holders().size() + " holders connected")
                        + (s.pending().isEmpty() ? "" : "; not yet confirmed: " + s.pending().stream()
                        .map(VaultState.Pending::describe).collect(Collectors.joining(", "))));
            } catch (CliException e) {
                say(to, "vault " + id + ": " + e.getMessage());
            }
        }
    }

    private static void say(PrintWriter to, String line) {
        synchronized (to) {
            to.println(line);
            to.flush();
        }
    }
}
