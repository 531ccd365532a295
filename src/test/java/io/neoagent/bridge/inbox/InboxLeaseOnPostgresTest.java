package io.neoagent.bridge.inbox;

import io.neoagent.bridge.TestPostgres;
import io.neoagent.bridge.mail.RejectingSmtpServer;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Leases on a PostgreSQL inbox, where several instances claim with {@code FOR UPDATE SKIP LOCKED}. */
@EnabledIfEnvironmentVariable(
        named = TestPostgres.URL_VARIABLE,
        matches = ".+",
        disabledReason = "no PostgreSQL configured: set " + TestPostgres.URL_VARIABLE
                + " (as .ci/run does) to run on PostgreSQL")
@Import(TestPostgres.CleanSchema.class)
class InboxLeaseOnPostgresTest extends InboxLeaseContract {

    @RegisterExtension
    static final RejectingSmtpServer SMTP = RejectingSmtpServer.start();

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry, "bridge_lease_test");
        peers(registry, SMTP, SALESFORCE);
    }

    @Override
    RejectingSmtpServer smtp() {
        return SMTP;
    }

    @Override
    SalesforceStandIn salesforce() {
        return SALESFORCE;
    }
}
