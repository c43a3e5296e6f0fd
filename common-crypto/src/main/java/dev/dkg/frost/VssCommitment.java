package dev.dkg.frost;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A Feldman commitment to a polynomial of degree t-1: (C_0, ..., C_{t-1}) with C_k = a_k·G. Public. It lets
 * anyone check a share (s_j·G = Σ C_k·j^k) and gives the group key (C_0) and every verification share
 * (PK_j = Σ C_k·j^k). The commitments of many polynomials add coefficient-wise to the commitment of their
 * sum, which is how a DKG's group commitment is formed.
 *
 * <p>Encoding: SerializeElement(C_0) || ... || SerializeElement(C_{t-1}), t·Ne bytes; t is known from the
 * context. Every C_k must be encodable, so no coefficient may be the identity; a refresh dealing (whose C_0
 * is the identity by construction) is encoded with {@link #toBytesWithoutConstant()} instead.
 */
public final class VssCommitment {
    private final List<Element> coefficients;

    public VssCommitment(List<Element> coefficients) {
        if (coefficients.isEmpty()) {
            throw new IllegalArgumentException("a commitment has at least one coefficient");
        }
        Ciphersuite suite = coefficients.get(0).suite();
        for (Element e : coefficients) {
            suite.requireSuite(e);
        }
        this.coefficients = List.copyOf(coefficients);
    }

    public Ciphersuite suite() {
        return coefficients.get(0).suite();
    }

    public List<Element> coefficients() {
        return coefficients;
    }

    /** t. */
    public int threshold() {
        return coefficients.size();
    }

    /** C_0: the commitment to the constant term (the group key, for a dealer's polynomial). */
    public Element constant() {
        return coefficients.get(0);
    }

    /** Σ C_k·x^k: the commitment to f(x), i.e. participant x's verification share. */
    public Element evaluate(int identifier) {
        BigInteger x = Ciphersuite.identifier(identifier);
        Element value = suite().identity();
        for (int k = coefficients.size() - 1; k >= 0; k--) {
            value = value.multiplyPublic(x).add(coefficients.get(k)); // x is a public identifier
        }
        return value;
    }

    /**
     * vss_verify (RFC 9591 appendix C.2): share.value·G = evaluate(share.identifier).
     *
     * @throws VerificationException naming {@code dealer} if the share does not match
     */
    public void verifyShare(SecretShare share, int dealer) throws VerificationException {
        suite().requireSuite(share.verificationShare());
        if (!share.verificationShare().equals(evaluate(share.identifier()))) {
            throw new VerificationException("the share for participant " + share.identifier()
                    + " does not match participant " + dealer + "'s commitment", dealer);
        }
    }

    /** Coefficient-wise sum: the commitment to the sum of the polynomials (all of the same t). */
    public static VssCommitment sum(Collection<VssCommitment> commitments) {
        VssCommitment first = commitments.iterator().next();
        List<Element> sums = new ArrayList<>(first.coefficients);
        boolean skipFirst = true;
        for (VssCommitment c : commitments) {
            if (skipFirst) {
                skipFirst = false;
                continue;
            }
            if (c.threshold() != first.threshold()) {
                throw new IllegalArgumentException("commitments of different thresholds cannot be added");
            }
            for (int k = 0; k < sums.size(); k++) {
                sums.set(k, sums.get(k).add(c.coefficients.get(k)));
            }
        }
        return new VssCommitment(sums);
    }

    /** Every coefficient multiplied by the scalar. */
    public VssCommitment times(BigInteger scalar) {
        return new VssCommitment(coefficients.stream().map(c -> c.multiply(scalar)).toList());
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Element c : coefficients) {
            out.writeBytes(c.toBytes());
        }
        return out.toByteArray();
    }

    /** Decodes exactly t·Ne bytes, each element strictly. */
    public static VssCommitment fromBytes(Ciphersuite suite, int threshold, byte[] bytes) {
        return new VssCommitment(decodeElements(suite, threshold, bytes));
    }

    /** The encoding of C_1..C_{t-1} only: for a refresh dealing, whose C_0 must be the identity. */
    public byte[] toBytesWithoutConstant() {
        if (!constant().isIdentity()) {
            throw new IllegalStateException("only a commitment to a sharing of zero drops its constant");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Element c : coefficients.subList(1, coefficients.size())) {
            out.writeBytes(c.toBytes());
        }
        return out.toByteArray();
    }

    /** Decodes (t-1)·Ne bytes as C_1..C_{t-1} and puts the identity in front as C_0. */
    public static VssCommitment fromBytesWithZeroConstant(Ciphersuite suite, int threshold, byte[] bytes) {
        List<Element> elements = new ArrayList<>();
        elements.add(suite.identity());
        elements.addAll(decodeElements(suite, threshold - 1, bytes));
        return new VssCommitment(elements);
    }

    private static List<Element> decodeElements(Ciphersuite suite, int count, byte[] bytes) {
        int ne = suite.elementBytes();
        if (count < 1 || bytes.length != count * ne) {
            throw new InvalidEncodingException("a commitment of " + count + " " + suite.scheme() + " elements is "
                    + (count * ne) + " bytes, not " + bytes.length);
        }
        List<Element> elements = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            elements.add(suite.deserializeElement(Arrays.copyOfRange(bytes, k * ne, (k + 1) * ne)));
        }
        return elements;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VssCommitment other && coefficients.equals(other.coefficients);
    }

    @Override
    public int hashCode() {
        return coefficients.hashCode();
    }
}
