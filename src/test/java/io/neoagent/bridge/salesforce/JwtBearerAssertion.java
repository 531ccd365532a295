package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The {@code assertion} of a JWT bearer token request, read as Salesforce reads it: a header, claims and an RS256
 * signature over {@code <header>.<claims>}, each base64url-encoded.
 */
record JwtBearerAssertion(JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JwtBearerAssertion parse(String assertion) {
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a signed JWT: " + parts.length + " parts");
        }
        try {
            return new JwtBearerAssertion(
                    JSON.readTree(Base64.getUrlDecoder().decode(parts[0])),
                    JSON.readTree(Base64.getUrlDecoder().decode(parts[1])),
                    (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                    Base64.getUrlDecoder().decode(parts[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the header says RS256 and the signature verifies with {@code key}. */
    boolean signedBy(PublicKey key) {
        if (!header.path("alg").asText().equals("RS256")) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The expiry, in seconds since the epoch (Salesforce takes it as a number or a numeric string). */
    long expiresAt() {
        return Long.parseLong(claims.path("exp").asText());
    }
}
