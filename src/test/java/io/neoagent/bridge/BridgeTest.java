package io.neoagent.bridge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole bridge on a random port, as the Spring tests run it: profile {@code test}
 * ({@code src/test/resources/application-test.yaml}: the test signing key) and a fresh SQLite inbox file for
 * each application context ({@link FreshSqliteInbox}). A test class adds only what is special about it, with
 * {@link TestPropertySource @TestPropertySource}, for which the constants below name the groups many tests share.
 * Classes with the same configuration share one context (Spring's test-context cache): such a class clears
 * the inbox before each test instead of counting on a fresh one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@CamelSpringBootTest
// the tests start in the project folder, whose application.yaml outranks the profile files on the classpath:
// naming the classpath again as an additional location puts application-test.yaml above it
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.additional-location=optional:classpath:/")
@ActiveProfiles("test")
@ContextConfiguration(initializers = FreshSqliteInbox.class)
public @interface BridgeTest {

    /** The Salesforce channel on, with the client-credentials login a stand-in accepts. */
    String SALESFORCE = """
            camel.component.salesforce.client-id=test-client
            camel.component.salesforce.client-secret=test-secret
            """;

    /** The e-mail channels' SMTP settings for a test server on this machine (its port set by the test). */
    String MAIL = """
            mail.host=127.0.0.1
            mail.security=none
            mail.from=bridge@bridge.example
            """;

    /** The dispatcher polls every 100 ms instead of every 5 s. */
    String FAST_POLL = "delivery.poll-interval=100ms";

    /** Retries 200 ms apart, without growth or jitter, instead of 30 s growing to 6 h. */
    String FAST_RETRIES = """
            delivery.retry.initial-delay=200ms
            delivery.retry.multiplier=1.0
            delivery.retry.max-delay=200ms
            delivery.retry.jitter=0
            """;
}
