package io.neoagent.bridge.inbox;

import io.neoagent.bridge.mail.RejectingSmtpServer;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Leases on the default inbox: a real SQLite file. */
class InboxLeaseOnSqliteTest extends InboxLeaseContract {

    @RegisterExtension
    static final RejectingSmtpServer SMTP = RejectingSmtpServer.start();

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
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
