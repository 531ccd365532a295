package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The optional salesforce-task channel: each appointment becomes a Task on the Lead its conversation made, over HTTP
 * against the Salesforce stand-in.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            "routing.appointment=salesforce-task",
            "salesforce.task.subject=Demo booked by the chatbot",
            "salesforce.task.fields.Priority=High",
            "delivery.poll-interval=200ms",
            "delivery.retry.initial-delay=1h",
            "delivery.retry.jitter=0"
        })
class AppointmentTasksOnTheLeadTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    WebhookClient webhook;
    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        webhook = new WebhookClient(port);
    }

    /** An appointment of the conversation {@code session} of the sample lead's chatbot. */
    static String appointment(int session) {
        return """
                {"SerialNumber":"59001dd73709417321c58b11693183a2","Type":"Appointment","FirstName":"David",\
                "LastName":"Garcia","Email":"test@qq.com","PhoneNumber":"+1 555 0100",\
                "CreateTime":"2023-11-23T18:40:02.100000Z","Content":"Demo call on Tuesday at 10:00",\
                "ID session":%d,"URI":"www.google.com/pricing"}""".formatted(session);
    }

    private void awaitStates(String... states) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates().equals(List.of(states)));
    }

    private Map<String, Object> delivery(String channel) {
        return jdbc.queryForMap("SELECT * FROM inbox_delivery WHERE channel = ?", channel);
    }

    private void dueNow(String channel) {
        jdbc.update("UPDATE inbox_delivery SET next_attempt_at = 0 WHERE channel = ?", channel);
    }

    private static JsonNode onlyTask() throws Exception {
        List<LoggedRequest> tasks = SALESFORCE.taskCreates();
        assertThat(tasks).hasSize(1);
        return JSON.readTree(tasks.get(0).getBodyAsString());
    }

    @Test
    void shouldPutTheAppointmentsTaskOnTheLeadItsConversationMade() throws Exception {
        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:delivered");

        webhook.postSigned(appointment(31305));
        awaitStates("salesforce-lead:delivered", "salesforce-task:delivered");

        JsonNode task = onlyTask();
        assertThat(task.path("WhoId").asText()).isEqualTo("00Q000000000001AAA");
        assertThat(task.path("Subject").asText()).isEqualTo("Demo booked by the chatbot");
        assertThat(task.path("Priority").asText()).isEqualTo("High");
        assertThat(task.path("Description").asText())
                .startsWith("Demo call on Tuesday at 10:00")
                .contains("Booked by: David Garcia", "Phone: +1 555 0100", "Conversation (ID session): 31305");
        assertThat(delivery("salesforce-task")).containsEntry("result_id", "00T000000000001AAA");
    }

    @Test
    void shouldWaitForTheConversationsLeadWhileItIsStillOnItsWay() throws Exception {
        SALESFORCE.failLeadsFirst(1, 503, "[{\"message\":\"down\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]");
        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:retrying");

        webhook.postSigned(appointment(31305));
        awaitStates("salesforce-lead:retrying", "salesforce-task:retrying");
        assertThat((String) delivery("salesforce-task").get("last_error"))
                .startsWith("waiting for the conversation's lead (event ");
        assertThat(SALESFORCE.taskCreates()).isEmpty();

        dueNow("salesforce-lead");
        awaitStates("salesforce-lead:delivered", "salesforce-task:retrying");
        dueNow("salesforce-task");
        awaitStates("salesforce-lead:delivered", "salesforce-task:delivered");

        assertThat(onlyTask().path("WhoId").asText()).isEqualTo("00Q000000000001AAA");
    }

    @Test
    void shouldPutTheTaskOnNoLeadWhenItsConversationMadeNone() throws Exception {
        webhook.postSigned(appointment(77001));
        awaitStates("salesforce-task:delivered");

        JsonNode task = onlyTask();
        assertThat(task.has("WhoId")).isFalse();
        assertThat(task.path("Description").asText()).contains("Booked by: David Garcia", "Email: test@qq.com");
    }

    @Test
    void shouldPutTheTaskOnNoLeadWhenTheConversationsLeadIsDead() throws Exception {
        SALESFORCE.answerLeads(
                400, "[{\"message\":\"Rejected by a rule\",\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\"}]");
        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:dead");

        webhook.postSigned(appointment(31305));
        awaitStates("salesforce-lead:dead", "salesforce-task:delivered");
        assertThat(onlyTask().has("WhoId")).isFalse();
    }
}
