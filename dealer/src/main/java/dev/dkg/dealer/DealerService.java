package dev.dkg.dealer;

import dev.dkg.crypto.CryptoProvider;
import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.Limits;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/**
 * A running dealer: its listener (accepting only share-holder certificates from our CA), the registry of
 * connected holders, the vault store and the operations on them. Closing it closes every connection.
 */
final class DealerService implements AutoCloseable {
    private final ChannelServer server;
    private final HolderRegistry holders;
    private final Dealer dealer;
    private final VaultStore vaults;

    private DealerService(ChannelServer server, HolderRegistry holders, Dealer dealer, VaultStore vaults) {
        this.server = server;
        this.holders = holders;
        this.dealer = dealer;
        this.vaults = vaults;
    }

    static DealerService start(InetSocketAddress listen, Path dataDir, Identity me, TrustAnchor trust, PrintWriter out,
                               Clock clock) throws IOException {
        HolderRegistry holders = new HolderRegistry(out);
        VaultStore vaults = new VaultStore(dataDir, me);
        PendingNotices notices = new PendingNotices(vaults, holders);
        holders.setListener(notices);
        ChannelServer server = ChannelServer.start(listen, me, trust, Set.of(Role.SHARE_HOLDER), Limits.defaults(),
                holders);
        Dealer dealer = new Dealer(me, trust, vaults, holders, notices, out, clock, new SecureRandom());
        synchronized (out) {
            out.println("dealer '" + me.name() + "' (key " + me.keyId().fingerprint() + ") listening on "
                    + server.address().getHostString() + ":" + server.port() + ", data in " + dataDir + ", crypto "
                    + CryptoProvider.active().name());
            out.flush();
        }
        return new DealerService(server, holders, dealer, vaults);
    }

    Dealer dealer() {
        return dealer;
    }

    HolderRegistry holders() {
        return holders;
    }

    VaultStore vaults() {
        return vaults;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        holders.closeAll();
        server.close();
    }
}
