package io.neoagent.bridge.webhook;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Adapts {@link NeoagentSignatureVerifier} to the intake route: the body must be the exact request bytes. */
@Component("verifyNeoagentSignature")
class VerifyNeoagentSignature implements Processor {

    private final NeoagentSignatureVerifier verifier;

    VerifyNeoagentSignature(NeoagentSignatureVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void process(Exchange exchange) throws SignatureVerificationException {
        verifier.verify(exchange.getMessage().getBody(byte[].class),
                exchange.getMessage().getHeader(NeoagentSignatureVerifier.HEADER, String.class));
    }
}
