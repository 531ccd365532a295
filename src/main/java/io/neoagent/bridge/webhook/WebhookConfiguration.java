package io.neoagent.bridge.webhook;

import java.time.Clock;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain verifier classes into the application. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SigningKeys signingKeys(NeoagentProperties properties) {
        return SigningKeys.resolve(properties.signingKeys(), properties.dataDir());
    }

    @Bean
    NeoagentSignatureVerifier neoagentSignatureVerifier(SigningKeys keys, NeoagentProperties properties, Clock clock) {
        return new NeoagentSignatureVerifier(keys.keys(), properties.tolerance(), clock);
    }

    /** platform-http, with each webhook request handled on its own servlet thread (see the class). */
    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new RequestThreadPlatformHttpEngine(port);
    }

    /** Reads verified request bodies into events: for the intake ({@code inbox.parseOrKeepInvalid}) and delivery. */
    @Bean
    NeoagentEventParser neoagentEvents(NeoagentProperties properties) {
        return new NeoagentEventParser(properties.maxBodyBytes(), properties.maxBatchSize());
    }
}
