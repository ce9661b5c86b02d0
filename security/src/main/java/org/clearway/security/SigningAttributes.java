package org.clearway.security;

import java.time.Clock;
import java.util.Date;
import java.util.Map;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cms.CMSAttributeTableGenerator;

/**
 * Builds exactly the signed attributes of CANONICAL-MODEL §10.2: content-type (id-data),
 * message-digest and signing-time, the last from an injected clock. Bouncy Castle's default
 * generator reads the system clock and adds CMSAlgorithmProtection (RFC 6211), which §10.2 does
 * not list. Stateless, so one instance serves all threads.
 */
final class SigningAttributes implements CMSAttributeTableGenerator {
    private final Clock clock;

    SigningAttributes(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AttributeTable getAttributes(@SuppressWarnings("rawtypes") Map parameters) {
        ASN1ObjectIdentifier contentType = (ASN1ObjectIdentifier) parameters.get(CMSAttributeTableGenerator.CONTENT_TYPE);
        byte[] digest = (byte[]) parameters.get(CMSAttributeTableGenerator.DIGEST);
        ASN1EncodableVector attributes = new ASN1EncodableVector(3);
        attributes.add(new Attribute(CMSAttributes.contentType, new DERSet(contentType)));
        // Time picks UTCTime for 1950-2049 and GeneralizedTime otherwise (RFC 5652 §11.3)
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(clock.instant())))));
        attributes.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(digest))));
        return new AttributeTable(attributes);
    }
}
