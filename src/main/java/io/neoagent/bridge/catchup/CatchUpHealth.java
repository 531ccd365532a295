package io.neoagent.bridge.catchup;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health entry {@code catchUp}: each chatbot's last successful pull of neoagent's lead list, its last failure and
 * its next pull. A failing pull does not make the bridge unhealthy (the webhook still takes events), so it is
 * {@code UP} while on and {@code UNKNOWN} while off.
 */
@Component("catchUpHealthIndicator")
class CatchUpHealth implements HealthIndicator {

    private final NeoagentCatchUp catchUp;

    CatchUpHealth(NeoagentCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public Health health() {
        if (!catchUp.enabled()) {
            return Health.unknown()
                    .withDetail("on", false)
                    .withDetail("requires", "NEOAGENT_API_KEY, NEOAGENT_CHATBOTS")
                    .build();
        }
        Health.Builder health = Health.up().withDetail("on", true);
        for (NeoagentCatchUp.ChatbotStatus chatbot : catchUp.status()) {
            health.withDetail(chatbot.chatbot(), chatbot);
        }
        return health.build();
    }
}
