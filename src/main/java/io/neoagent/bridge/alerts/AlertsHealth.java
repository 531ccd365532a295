package io.neoagent.bridge.alerts;

import io.neoagent.bridge.logging.PersonalData;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The open incidents in health ({@code alerts}): which channel fails since when and why. Always {@code UP}: an outage
 * of a destination does not make the bridge unhealthy (deliveries wait in the inbox); this says who is failing.
 */
@Component("alertsHealthIndicator")
class AlertsHealth implements HealthIndicator {

    private final AlertIncidents incidents;

    AlertsHealth(AlertIncidents incidents) {
        this.incidents = incidents;
    }

    @Override
    public Health health() {
        Map<String, Object> open = new LinkedHashMap<>();
        try {
            for (AlertIncidents.Incident incident : incidents.allOpen()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("kind", incident.kind());
                detail.put("since", Instant.ofEpochMilli(incident.openedAt()).toString());
                detail.put("reason", PersonalData.mask(incident.reason()));
                detail.put("alerted", incident.alertedAt() != null);
                open.put(incident.channel(), detail);
            }
        } catch (RuntimeException e) {
            return Health.up().withDetail("error", e.getClass().getSimpleName()).build();
        }
        return Health.up().withDetail("openIncidents", open).build();
    }
}
