package dev.dkg.sharing;

import java.security.cert.X509Certificate;

/** A holder of the sharing being built by a redistribution: its new x, its name and its certificate. */
public record NewHolder(int x, String name, X509Certificate certificate) {}
