package io.neoagent.bridge.salesforce;

import java.util.Optional;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Salesforce sign-in as the bridge starts ({@link SalesforceSignIn}): hands camel-salesforce the JWT bearer
 * flow's keystore when {@code SALESFORCE_JWT_KEYSTORE} is set (after checking it: a keystore that cannot sign fails
 * the start; {@link SalesforceSignInCheck} has checked it before any bean), and warns once when the username-password flow is in use, which Salesforce stops on 2027-02-20.
 * The keystore is set here, not in {@code application.yaml}: Camel reads a resource without a scheme from the
 * classpath, and any keystore resource, even an empty {@code file:}, would make it choose the JWT flow.
 */
@Configuration(proxyBeanMethods = false)
class SalesforceSignInConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceSignInConfiguration.class);

    @Bean
    ComponentCustomizer salesforceJwtBearer(Environment environment) {
        SalesforceSignIn signIn = SalesforceSignIn.from(environment);
        Optional<KeyStoreParameters> keystore = signIn.jwtBearerKeystore();
        if (signIn.usesPasswordFlow()) {
            LOG.warn(SalesforceSignIn.PASSWORD_FLOW_WARNING);
        }
        return ComponentCustomizer.forType(
                SalesforceComponent.class, component -> keystore.ifPresent(component::setKeystore));
    }
}
