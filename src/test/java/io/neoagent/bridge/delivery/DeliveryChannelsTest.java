package io.neoagent.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DeliveryChannelsTest {

    private static Map<String, DeliveryChannels.ChannelSettings> salesforceBatching(int size) {
        return Map.of(
                "salesforce-lead",
                new DeliveryChannels.ChannelSettings(
                        "salesforce-lead",
                        List.of("camel.component.salesforce.client-id"),
                        new DeliveryChannels.Batch(
                                "salesforce-lead-batch",
                                size,
                                List.of("salesforce.lead.external-id-field"),
                                Duration.ofMillis(250))));
    }

    @Test
    void shouldBatchOnlyWhenTheBatchRequirementsAreSet() {
        MockEnvironment environment = new MockEnvironment().withProperty("camel.component.salesforce.client-id", "id");

        DeliveryChannels.Channel withoutExternalId = new DeliveryChannels(salesforceBatching(200), environment)
                .get("salesforce-lead")
                .orElseThrow();
        environment.setProperty("salesforce.lead.external-id-field", "Neoagent_Key__c");
        DeliveryChannels.Channel withExternalId = new DeliveryChannels(salesforceBatching(200), environment)
                .get("salesforce-lead")
                .orElseThrow();

        assertThat(withoutExternalId.configured()).isTrue();
        assertThat(withoutExternalId.batches()).isFalse();
        assertThat(withoutExternalId.batchSize()).isEqualTo(1);
        assertThat(withExternalId.batches()).isTrue();
        assertThat(withExternalId.batchSize()).isEqualTo(200);
        assertThat(withExternalId.batchRoute()).isEqualTo("salesforce-lead-batch");
    }

    @Test
    void shouldRefuseABatchSizeAboveWhatSalesforceTakesInOneCall() {
        MockEnvironment environment = new MockEnvironment();

        assertThatThrownBy(() -> new DeliveryChannels(salesforceBatching(201), environment))
                .hasMessage("delivery.channels.salesforce-lead.batch.size must be 1 to 200, not 201");
        assertThatThrownBy(() -> new DeliveryChannels(salesforceBatching(0), environment))
                .hasMessageContaining("not 0");
    }

    @Test
    void shouldSendOneByOneWhenBatchSizeIsOne() {
        MockEnvironment environment = new MockEnvironment().withProperty("salesforce.lead.external-id-field", "Key__c");

        assertThat(new DeliveryChannels(salesforceBatching(1), environment)
                        .get("salesforce-lead")
                        .orElseThrow()
                        .batches())
                .isFalse();
    }
}
