package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neoagent.bridge.metrics.BridgeMetrics;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class VerifyNeoagentSignatureTest {

    private static final int LIMIT = 1024;

    private final VerifyNeoagentSignature step = new VerifyNeoagentSignature(
            new NeoagentSignatureVerifier(List.of(SignedRequest.KEY), Duration.ofSeconds(300), SignedRequest.CLOCK),
            new BridgeMetrics(new SimpleMeterRegistry()),
            new NeoagentProperties(List.of(SignedRequest.KEY), "/webhooks/neoagent", 300, Path.of("data"), LIMIT, 100));

    @Test
    void shouldReadNoMoreThanOneByteOverTheLimitOfAnEndlessBody() {
        EndlessBody endless = new EndlessBody();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(endless);
        exchange.getMessage()
                .setHeader(
                        NeoagentSignatureVerifier.HEADER, SignedRequest.valid().header());

        assertThatThrownBy(() -> step.process(exchange))
                .isInstanceOf(InvalidWebhookRequestException.class)
                .hasMessage("body larger than " + LIMIT + " bytes");
        assertThat(endless.read).isEqualTo(LIMIT + 1);
    }

    @Test
    void shouldHandOnTheVerifiedBytes() throws Exception {
        SignedRequest lead = SignedRequest.valid();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(new java.io.ByteArrayInputStream(lead.bytes()));
        exchange.getMessage().setHeader(NeoagentSignatureVerifier.HEADER, lead.header());

        step.process(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).isEqualTo(lead.bytes());
    }

    /** A request body that never ends, counting what was read of it. */
    private static final class EndlessBody extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return ' ';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            java.util.Arrays.fill(buffer, offset, offset + length, (byte) ' ');
            read += length;
            return length;
        }
    }
}
