package dev.dkg.frost;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Proactive refresh of a threshold key: every holder deals a sharing of zero (a polynomial with
 * f(0) = 0), and every holder adds the deltas it receives to its share. The group key is unchanged; new
 * shares do not combine with old ones, so shares stolen before a refresh become useless after it.
 *
 * <p>A dealing's commitment has C_0 = identity by construction and is sent with
 * {@link VssCommitment#toBytesWithoutConstant()}; {@link #verifyDelta} checks both that C_0 is the identity
 * (the dealing cannot shift the secret) and that the delta matches.
 */
public final class ShareRefresh {
    private ShareRefresh() {}

    /** A random polynomial of degree t-1 with constant 0. */
    public static Polynomial dealZero(Ciphersuite suite, int threshold, SecureRandom random) {
        if (threshold < 2) {
            throw new IllegalArgumentException("a threshold is 2 or more");
        }
        return Polynomial.random(suite, BigInteger.ZERO, threshold, random);
    }

    /**
     * Checks a delta from {@code dealer} against its zero-dealing commitment.
     *
     * @throws VerificationException naming the dealer if C_0 is not the identity or the delta is wrong
     */
    public static void verifyDelta(SecretShare delta, VssCommitment zeroCommitment, int dealer)
            throws VerificationException {
        if (!zeroCommitment.constant().isIdentity()) {
            throw new VerificationException("participant " + dealer + "'s refresh does not share zero", dealer);
        }
        zeroCommitment.verifyShare(delta, dealer);
    }

    /** The refreshed share: old + Σ deltas (all for the same identifier). */
    public static SecretShare refresh(SecretShare old, Collection<SecretShare> deltas) {
        BigInteger sum = old.value();
        for (SecretShare delta : deltas) {
            if (delta.identifier() != old.identifier() || delta.suite() != old.suite()) {
                throw new IllegalArgumentException("a delta for another participant or suite was given");
            }
            sum = sum.add(delta.value());
        }
        return new SecretShare(old.suite(), old.identifier(), sum.mod(old.suite().order()));
    }

    /** The group commitment after refresh: old + Σ zero commitments (constant, hence PK, unchanged). */
    public static VssCommitment refreshedGroupCommitment(VssCommitment old, Collection<VssCommitment> zeroCommitments) {
        List<VssCommitment> all = new ArrayList<>();
        all.add(old);
        all.addAll(zeroCommitments);
        return VssCommitment.sum(all);
    }
}
