package io.neoagent.bridge;

import io.neoagent.bridge.admin.ManagementPortOnly;
import io.neoagent.bridge.routes.RoutesExport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * neoagent-lead-bridge: verified neoagent webhooks in, durable inbox, deliveries out.
 *
 * <p>{@code @SpringBootApplication}'s scan, less what belongs to the management port: its configuration and
 * controllers live in the management context only, so the admin API and the status page are never served on the
 * webhook port.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class),
            @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementPortOnly.class)
        })
@ConfigurationPropertiesScan
@EnableScheduling
public class LeadBridgeApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(RoutesExport.COMMAND)) {
            RoutesExport.run(args);
            return;
        }
        SpringApplication.run(LeadBridgeApplication.class, args);
    }
}
