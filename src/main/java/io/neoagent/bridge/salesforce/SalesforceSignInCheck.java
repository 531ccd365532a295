package io.neoagent.bridge.salesforce;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the JWT bearer flow's settings once the configuration is read, before any bean is made: a keystore that
 * cannot sign stops the start with Spring Boot's short report naming the setting
 * ({@link SalesforceSignInFailureAnalyzer}), not with the failure of whichever bean first needs Camel.
 */
public class SalesforceSignInCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var unused = SalesforceSignIn.from(environment).jwtBearerKeystore();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
