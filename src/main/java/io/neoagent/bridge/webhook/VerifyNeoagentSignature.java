package io.neoagent.bridge.webhook;

import io.neoagent.bridge.metrics.BridgeMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Adapts {@link NeoagentSignatureVerifier} to the intake route: verifies the exact request bytes (an empty
 * body is zero bytes) and leaves them as the body for the steps after it.
 */
@Component("verifyNeoagentSignature")
class VerifyNeoagentSignature implements Processor {

    private final NeoagentSignatureVerifier verifier;
    private final BridgeMetrics metrics;

    VerifyNeoagentSignature(NeoagentSignatureVerifier verifier, BridgeMetrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws SignatureVerificationException {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        try {
            verifier.verify(body, exchange.getMessage().getHeader(NeoagentSignatureVerifier.HEADER, String.class));
            // later steps get the very bytes that were verified
            exchange.getMessage().setBody(body);
        } catch (SignatureVerificationException rejected) {
            metrics.signatureFailure(rejected.getReason().name().toLowerCase());
            throw rejected;
        }
    }
}
