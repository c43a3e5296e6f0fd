package dev.dkg.keygen.server;

/**
 * Where the server reports what happens, one line per event (clients joining, rounds opened, keys stored,
 * rounds aborted with their culprits). Lines carry ids, names and counts, never key material.
 */
@FunctionalInterface
interface RoundEvents {
    void line(String text);
}
