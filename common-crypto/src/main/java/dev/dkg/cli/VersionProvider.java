package dev.dkg.cli;

import dev.dkg.crypto.CryptoProvider;
import picocli.CommandLine.IVersionProvider;

/** Reports the version written into the jar manifest at build time and the crypto provider in use. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"${COMMAND-FULL-NAME} " + (v == null ? "development build" : v) + ", crypto "
                + CryptoProvider.active().name()};
    }
}
