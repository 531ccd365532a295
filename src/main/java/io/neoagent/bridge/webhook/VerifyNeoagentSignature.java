package io.neoagent.bridge.webhook;

import io.neoagent.bridge.metrics.BridgeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Adapts {@link NeoagentSignatureVerifier} to the intake route: verifies the exact request bytes (an empty
 * body is zero bytes) and leaves them as the body for the steps after it. Reads at most one byte more than
 * {@code neoagent.max-body-bytes}, whatever reached the route: {@link WebhookRequestGuard} refuses a larger body
 * before, and this keeps the route from ever buffering more should a request get here some other way.
 */
@Component("verifyNeoagentSignature")
class VerifyNeoagentSignature implements Processor {

    private final NeoagentSignatureVerifier verifier;
    private final BridgeMetrics metrics;
    private final int maxBodyBytes;

    VerifyNeoagentSignature(NeoagentSignatureVerifier verifier, BridgeMetrics metrics, NeoagentProperties properties) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @Override
    public void process(Exchange exchange)
            throws SignatureVerificationException, InvalidWebhookRequestException, IOException {
        byte[] body = boundedBody(exchange);
        try {
            verifier.verify(body, exchange.getMessage().getHeader(NeoagentSignatureVerifier.HEADER, String.class));
            // later steps get the very bytes that were verified
            exchange.getMessage().setBody(body);
        } catch (SignatureVerificationException rejected) {
            metrics.signatureFailure(rejected.getReason().name().toLowerCase(Locale.ROOT));
            throw rejected;
        }
    }

    private byte[] boundedBody(Exchange exchange) throws InvalidWebhookRequestException, IOException {
        Object raw = exchange.getMessage().getBody();
        byte[] body;
        if (raw == null) {
            body = new byte[0];
        } else if (raw instanceof InputStream in) {
            body = in.readNBytes(maxBodyBytes + 1);
        } else {
            body = exchange.getMessage().getBody(byte[].class);
        }
        if (body.length > maxBodyBytes) {
            throw InvalidWebhookRequestException.tooLarge(maxBodyBytes);
        }
        return body;
    }
}
