package io.neoagent.bridge.webhook;

import io.neoagent.bridge.metrics.BridgeMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Adapts {@link NeoagentSignatureVerifier} to the intake route: the body must be the exact request bytes. */
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
        try {
            verifier.verify(exchange.getMessage().getBody(byte[].class),
                    exchange.getMessage().getHeader(NeoagentSignatureVerifier.HEADER, String.class));
        } catch (SignatureVerificationException rejected) {
            metrics.signatureFailure(rejected.getReason().name().toLowerCase());
            throw rejected;
        }
    }
}
