package io.neoagent.bridge.delivery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the delivery channels of {@code delivery.channels}. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    DeliveryChannels deliveryChannels(DeliveryProperties properties, Environment environment) {
        return new DeliveryChannels(properties.channels(), environment);
    }
}
