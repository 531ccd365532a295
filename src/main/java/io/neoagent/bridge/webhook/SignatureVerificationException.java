package io.neoagent.bridge.webhook;

/**
 * A request whose {@code X-Webhook-Signature} does not prove it came from neoagent. The message is
 * safe to return to the caller and to log: it never contains the header, the body or a key.
 */
public final class SignatureVerificationException extends Exception {

    /** Why verification failed; stable names for logs and metrics. */
    public enum Reason {
        MISSING_HEADER("missing X-Webhook-Signature header"),
        MALFORMED_HEADER("malformed X-Webhook-Signature header"),
        NO_V1_SIGNATURE("no v1 signature in X-Webhook-Signature header"),
        SIGNATURE_MISMATCH("signature does not match the body"),
        TIMESTAMP_OUT_OF_TOLERANCE("signature timestamp outside the tolerance");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Reason reason;

    public SignatureVerificationException(Reason reason) {
        super(reason.message(), null, false, false);
        this.reason = reason;
    }

    public Reason getReason() {
        return reason;
    }
}
