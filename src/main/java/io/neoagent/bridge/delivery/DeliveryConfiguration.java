package io.neoagent.bridge.delivery;

import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the delivery channels and the threads deliveries run on. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    DeliveryChannels deliveryChannels(DeliveryProperties properties, Environment environment) {
        return new DeliveryChannels(properties.channels(), environment);
    }

    /**
     * The Camel thread pool the dispatch route's split delivers on ({@code executorService: deliveryThreads}).
     * A profile rather than an executor bean, which would switch off Spring Boot's task executor.
     */
    @Bean
    ThreadPoolProfile deliveryThreads(DeliveryProperties properties) {
        return new ThreadPoolProfileBuilder("deliveryThreads")
                .poolSize(properties.threads())
                .maxPoolSize(properties.threads())
                .maxQueueSize(-1)
                .build();
    }
}
