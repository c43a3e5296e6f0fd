package dev.dkg.pki;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A party's certificate subject, {@code CN=<name>, OU=<role label>}: builds it for issuing and reads it back
 * strictly (exactly one CN and one OU, nothing else) so a certificate names exactly one party in one role.
 */
public record Subject(String name, Role role) {
    /** What a party name may look like: safe in file names, logs and on the wire. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** RFC 5280's upper bound for a common name. */
    static final int MAX_COMMON_NAME = 64;

    public Subject {
        checkName(name);
        if (role == null) {
            throw new IllegalArgumentException("role is required");
        }
    }

    /** Returns {@code name} if it is a well-formed party name, else throws IllegalArgumentException. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad name '" + name
                    + "': use 1 to 64 of the characters A-Z a-z 0-9 . _ -");
        }
        return name;
    }

    /** The subject as an X.500 name; DER order OU then CN, so it prints as {@code CN=name,OU=role}. */
    public X500Name toX500Name() {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, role.label())
                .addRDN(BCStyle.CN, name)
                .build();
    }

    /** Reads name and role back from a party's certificate; throws if it does not hold exactly those. */
    public static Subject of(X509Certificate certificate) throws CertificateException {
        return of(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    /** Reads name and role from an X.500 name built by {@link #toX500Name()}. */
    public static Subject of(X500Name x500) throws CertificateException {
        String name = null;
        String roleLabel = null;
        for (RDN rdn : x500.getRDNs()) {
            if (rdn.isMultiValued()) {
                throw new CertificateException("certificate subject has a multi-valued name part: " + x500);
            }
            AttributeTypeAndValue atv = rdn.getFirst();
            ASN1ObjectIdentifier type = atv.getType();
            String value = text(atv.getValue());
            if (value == null) {
                throw new CertificateException("certificate subject has a non-text name part: " + x500);
            }
            if (BCStyle.CN.equals(type) && name == null) {
                name = value;
            } else if (BCStyle.OU.equals(type) && roleLabel == null) {
                roleLabel = value;
            } else {
                throw new CertificateException("certificate subject must be exactly CN=<name>, OU=<role>, not " + x500);
            }
        }
        if (name == null) {
            throw new CertificateException("certificate subject has no name (CN): " + x500);
        }
        if (roleLabel == null) {
            throw new CertificateException("certificate subject has no role (OU): " + x500);
        }
        if (!NAME.matcher(name).matches()) {
            throw new CertificateException("certificate names a malformed party name: '" + name + "'");
        }
        try {
            return new Subject(name, Role.fromLabel(roleLabel));
        } catch (IllegalArgumentException e) {
            throw new CertificateException("certificate carries an " + e.getMessage());
        }
    }

    /** The common name of any certificate (CAs included), or null if it has none. */
    public static String commonName(X509Certificate certificate) {
        X500Name x500 = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cns = x500.getRDNs(BCStyle.CN);
        return cns.length == 0 ? null : text(cns[0].getFirst().getValue());
    }

    /** The attribute's text as written, without RFC 4514 escaping; null for non-string values. */
    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : null;
    }
}
