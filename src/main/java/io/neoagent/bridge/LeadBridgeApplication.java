package io.neoagent.bridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** neoagent-lead-bridge: verified neoagent webhooks in, durable inbox, deliveries out. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LeadBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadBridgeApplication.class, args);
    }
}
