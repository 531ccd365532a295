package io.neoagent.bridge.inbox;

import io.neoagent.bridge.webhook.NeoagentEvent;
import java.util.List;

/**
 * An event with the channels the intake route's content-based router chose for it; no channels means
 * unrouted (kept and visible, delivered nowhere).
 */
public record RoutedEvent(NeoagentEvent event, List<String> channels) {

    public RoutedEvent {
        channels = List.copyOf(channels);
    }
}
