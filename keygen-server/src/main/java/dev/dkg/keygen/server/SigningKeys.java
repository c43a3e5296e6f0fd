package dev.dkg.keygen.server;

import dev.dkg.signing.SigningKey;
import java.util.Optional;

/** Where the Coordinator looks up the public side of a threshold key: the key store, or a map in tests. */
@FunctionalInterface
interface SigningKeys {
    /** The key with this id (32 hex digits) in its current epoch, if there is one. */
    Optional<SigningKey> find(String keyIdHex);
}
