package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceApiUsageTest {

    private static SalesforceApiUsage usage(double warnAt, double slowDownAt) {
        return new SalesforceApiUsage(
                new SalesforceOrgProperties(
                        null,
                        false,
                        new SalesforceOrgProperties.Campaign(null, "Responded"),
                        Map.of(),
                        new SalesforceOrgProperties.Task("Appointment", Map.of()),
                        new SalesforceOrgProperties.ApiUsage(
                                warnAt, slowDownAt, Duration.ofMinutes(15), List.of("salesforce-lead"))),
                new ObjectMapper());
    }

    private static double share(SalesforceApiUsage usage) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        usage.bindTo(registry);
        return registry.get("neoagent.salesforce.api.usage").gauge().value();
    }

    @Test
    void shouldReadTheOrgsUsageBesideTheConnectedAppsOwn() {
        SalesforceApiUsage usage = usage(0.8, 0.9);
        usage.told("api-usage=4600/5000; per-app-api-usage=17/250(appName=neoagent-bridge)");
        assertThat(share(usage)).isEqualTo(0.92);
        assertThat(usage.onlyDueAlone("salesforce-lead")).isTrue();
        assertThat(usage.onlyDueAlone("appointment-email")).isFalse();
    }

    @Test
    void shouldNotTakeTheConnectedAppsUsageForTheOrgs() {
        SalesforceApiUsage usage = usage(0.8, 0.9);
        usage.told("per-app-api-usage=240/250(appName=neoagent-bridge)");
        assertThat(share(usage)).isNaN();
        assertThat(usage.onlyDueAlone("salesforce-lead")).isFalse();
    }

    @Test
    void shouldGoAtFullPaceAgainOnceTheUsageFellBelowTheThreshold() throws Exception {
        SalesforceApiUsage usage = usage(0.8, 0.9);
        usage.told("api-usage=4500/5000");
        assertThat(usage.slowedDown()).isTrue();
        usage.fromLimits("{\"DailyApiRequests\":{\"Max\":5000,\"Remaining\":600}}");
        assertThat(usage.slowedDown()).isFalse();
        assertThat(share(usage)).isEqualTo(0.88);
    }

    @Test
    void shouldRefuseAThresholdThatIsNotAShare() {
        assertThatThrownBy(() -> usage(0.8, 90))
                .hasMessageContaining("salesforce.api-usage.slow-down-at")
                .hasMessageContaining("not 90.0");
    }
}
