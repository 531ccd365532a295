package io.neoagent.bridge.webhook;

/**
 * A request the webhook refuses for what it is, not for who sent it: wrong content type, too large, not
 * an event. Carries the HTTP status to answer with; the message is safe to return and to log (it names
 * no value from the request).
 */
public final class InvalidWebhookRequestException extends Exception {

    private final int status;

    private InvalidWebhookRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: the body is not JSON or not an event. */
    public static InvalidWebhookRequestException badRequest(String message) {
        return new InvalidWebhookRequestException(400, message);
    }

    /** 413: the body is larger than the limit. */
    public static InvalidWebhookRequestException tooLarge(int limit) {
        return new InvalidWebhookRequestException(413, "body larger than " + limit + " bytes");
    }

    /** 415: the body is not declared as UTF-8 JSON. */
    public static InvalidWebhookRequestException unsupportedMediaType() {
        return new InvalidWebhookRequestException(415, "Content-Type must be application/json (UTF-8)");
    }

    public int getStatus() {
        return status;
    }
}
