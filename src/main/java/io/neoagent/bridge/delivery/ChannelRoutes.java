package io.neoagent.bridge.delivery;

import io.neoagent.bridge.inbox.InboxIdentity;
import io.neoagent.bridge.webhook.NeoagentEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs one attempt through a channel's route, as {@code docs/channels.md} describes: a fresh exchange carrying
 * the stored event and the {@link ChannelHeaders} only, sent to {@code direct:<route>}; the route ends with the
 * id the destination gave (single) or one {@link DeliveryOutcome} per event (batch), or with an exception.
 */
@Component
class ChannelRoutes {

    private final CamelContext camel;
    /**
     * Looked up on first use, once Camel runs: nothing of Camel is made for delivery before camel-spring-boot has
     * loaded the route files (it loads them only into a context nobody has started).
     */
    private final ObjectProvider<ProducerTemplate> producer;

    private final InboxIdentity inbox;

    ChannelRoutes(CamelContext camel, ObjectProvider<ProducerTemplate> producer, InboxIdentity inbox) {
        this.camel = camel;
        this.producer = producer;
        this.inbox = inbox;
    }

    /** One delivery through {@code direct:<claim.route()>}: delivered with the id the route ended with, or failed. */
    DeliveryOutcome deliver(DeliveryClaim claim, NeoagentEvent event) {
        Exchange exchange = new DefaultExchange(camel);
        Message message = exchange.getIn();
        message.setBody(event);
        message.setHeader(ChannelHeaders.DELIVERY_ID, claim.id());
        message.setHeader(ChannelHeaders.EVENT_ID, claim.eventId());
        message.setHeader(ChannelHeaders.CHANNEL, claim.channel());
        message.setHeader(ChannelHeaders.ATTEMPT, claim.attempts() + 1);
        message.setHeader(ChannelHeaders.DELIVERY_KEY, claim.channel() + "-" + claim.id() + "." + inbox.inboxId());
        if (claim.resultId() != null) {
            message.setHeader(ChannelHeaders.RESULT_ID, claim.resultId());
        }
        Exchange done = producer.getObject().send("direct:" + claim.route(), exchange);
        if (done.getException() != null) {
            return DeliveryOutcome.failed(done.getException());
        }
        Object resultId = done.getMessage().getBody();
        return DeliveryOutcome.delivered(resultId == null ? null : resultId.toString());
    }

    /**
     * Several deliveries of one channel through {@code direct:<batch route>}, their events as one list: what the
     * route ended with (one outcome per event, in order, checked by the recorder), or the same failure for every
     * delivery when the call failed as a whole.
     */
    List<?> deliverBatch(List<DeliveryClaim> claims, List<NeoagentEvent> events) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(new ArrayList<>(events));
        exchange.getIn().setHeader(ChannelHeaders.CHANNEL, claims.get(0).channel());
        Exchange done = producer.getObject().send("direct:" + claims.get(0).batchRoute(), exchange);
        if (done.getException() != null) {
            Exception error = done.getException();
            return claims.stream().map(claim -> DeliveryOutcome.failed(error)).toList();
        }
        return done.getMessage().getBody() instanceof List<?> outcomes ? outcomes : null;
    }
}
