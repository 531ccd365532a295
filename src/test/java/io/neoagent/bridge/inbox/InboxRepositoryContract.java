package io.neoagent.bridge.inbox;

import static io.neoagent.bridge.inbox.DeliveryState.DEAD;
import static io.neoagent.bridge.inbox.DeliveryState.DELIVERED;
import static io.neoagent.bridge.inbox.DeliveryState.HELD;
import static io.neoagent.bridge.inbox.DeliveryState.PENDING;
import static io.neoagent.bridge.inbox.DeliveryState.RETRYING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neoagent.bridge.inbox.InboxRepository.Delivery;
import io.neoagent.bridge.inbox.InboxRepository.EventSummary;
import io.neoagent.bridge.inbox.InboxRepository.Filter;
import io.neoagent.bridge.webhook.NeoagentEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inbox repository's SQL against a real database: the admin's filters alone and combined (each one only
 * narrowing the list), masking, counts, retention's choice, and the reads of health and metrics. Each test runs in
 * a transaction rolled back afterwards. Run once per supported database by the subclasses.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({InboxRepository.class, InboxDatabase.class})
abstract class InboxRepositoryContract {

    static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
    static final String LEAD = "salesforce-lead";
    static final String EMAIL = "appointment-email";

    @Autowired
    InboxRepository repository;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    long leadA;
    long leadB;
    long appointmentA;
    long oldLeadA;

    /**
     * Four events: a lead of chatbot A (its Salesforce delivery dead), a lead of chatbot B (delivered), an
     * appointment of chatbot A (e-mail held, lead channel retrying), and a day-old lead of chatbot A (pending).
     */
    @BeforeEach
    void fourEvents() {
        jdbc.sql("DELETE FROM inbox_delivery").update();
        jdbc.sql("DELETE FROM inbox_event").update();
        oldLeadA = event("Lead", "A", "Olga", "Old", "olga@example.com", T0.minusSeconds(86_400));
        delivery(oldLeadA, LEAD, PENDING, T0.minusSeconds(86_400));
        leadA = event("Lead", "A", "Ada", "Lovelace", "ada@example.com", T0);
        delivery(leadA, LEAD, DEAD, T0.plusSeconds(10));
        leadB = event("Lead", "B", "Bob", "Builder", "bob@example.com", T0.plusSeconds(1));
        delivery(leadB, LEAD, DELIVERED, T0.plusSeconds(20));
        appointmentA = event("Appointment", "A", "Cy", "Clerk", "cy@example.com", T0.plusSeconds(2));
        delivery(appointmentA, EMAIL, HELD, T0.plusSeconds(30));
        delivery(appointmentA, LEAD, RETRYING, T0.plusSeconds(40));
    }

    @Test
    void shouldListEveryEventNewestFirstWithoutFilters() {
        assertThat(ids(repository.events(Filter.latest(50), false)))
                .containsExactly(appointmentA, leadB, leadA, oldLeadA);
        assertThat(ids(repository.events(Filter.latest(2), false))).containsExactly(appointmentA, leadB);
    }

    @Test
    void shouldNarrowEventsByEachFilterAlone() {
        assertThat(eventIds(new Filter(DEAD, null, null, null, null, null, 50))).containsExactly(leadA);
        assertThat(eventIds(new Filter(null, EMAIL, null, null, null, null, 50)))
                .containsExactly(appointmentA);
        assertThat(eventIds(new Filter(null, null, "B", null, null, null, 50))).containsExactly(leadB);
        assertThat(eventIds(new Filter(null, null, null, "Appointment", null, null, 50)))
                .containsExactly(appointmentA);
        assertThat(eventIds(new Filter(null, null, null, null, T0.plusSeconds(1), null, 50)))
                .containsExactly(appointmentA, leadB);
        assertThat(eventIds(new Filter(null, null, null, null, null, T0.plusSeconds(1), 50)))
                .containsExactly(leadA, oldLeadA);
    }

    @Test
    void shouldCombineEventsFiltersWithAnd() {
        // state and channel hold for the same delivery: the appointment's lead delivery is retrying, not its e-mail
        assertThat(eventIds(new Filter(RETRYING, LEAD, null, null, null, null, 50)))
                .containsExactly(appointmentA);
        assertThat(eventIds(new Filter(RETRYING, EMAIL, null, null, null, null, 50)))
                .isEmpty();
        assertThat(eventIds(new Filter(null, LEAD, "A", "Lead", T0.minusSeconds(1), T0.plusSeconds(3), 50)))
                .containsExactly(leadA);
        assertThat(eventIds(new Filter(DEAD, LEAD, "A", "Lead", T0, T0.plusSeconds(1), 50)))
                .containsExactly(leadA);
        assertThat(eventIds(new Filter(DEAD, LEAD, "B", "Lead", null, null, 50)))
                .isEmpty();
        assertThat(eventIds(new Filter(PENDING, null, "A", null, T0, null, 50))).isEmpty();
    }

    @Test
    void shouldListOnlyTheInvalidEventsWhenAskedAndStillFilterThem() {
        assertThat(repository.insertInvalidEvent(
                        "invalid:1",
                        T0.plusSeconds(5).toEpochMilli(),
                        "{\"FirstName\":7}",
                        "event: FirstName must be a string"))
                .isTrue();
        assertThat(repository.insertInvalidEvent(
                        "invalid:1",
                        T0.plusSeconds(6).toEpochMilli(),
                        "{\"FirstName\":7}",
                        "event: FirstName must be a string"))
                .as("the same body again")
                .isFalse();

        List<EventSummary> invalid = repository.events(Filter.latest(50), true);
        assertThat(invalid).singleElement().satisfies(event -> {
            assertThat(event.invalid()).isEqualTo("event: FirstName must be a string");
            assertThat(event.deliveries()).isEmpty();
        });
        assertThat(repository.events(Filter.receivedSince(T0.plusSeconds(6), 50), true))
                .isEmpty();
        assertThat(ids(repository.events(Filter.latest(50), false))).hasSize(5);
    }

    @Test
    void shouldMaskPersonalDataInTheListsButShowOneEventInFull() {
        jdbc.sql("UPDATE inbox_delivery SET last_error = :error WHERE event_id = :id")
                .param("error", "INVALID_EMAIL_ADDRESS: ada@example.com")
                .param("id", leadA)
                .update();

        EventSummary summary = repository
                .events(new Filter(null, null, null, null, T0, T0.plusSeconds(1), 50), false)
                .get(0);
        assertThat(summary.name()).isEqualTo("Ada L.");
        assertThat(summary.email()).doesNotContain("ada@example.com").isNotBlank();
        assertThat(summary.deliveries()).containsExactly("salesforce-lead:dead");
        Delivery listed = repository.deliveries(Filter.inState(DEAD, 50)).get(0);
        assertThat(listed.lastError()).startsWith("INVALID_EMAIL_ADDRESS").doesNotContain("ada@example.com");

        InboxRepository.EventDetail detail = repository.event(leadA).orElseThrow();
        assertThat(detail.event().get("Email").textValue()).isEqualTo("ada@example.com");
        assertThat(detail.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.lastError()).isEqualTo("INVALID_EMAIL_ADDRESS: ada@example.com");
            assertThat(delivery.chatbot()).isEqualTo("A");
        });
        assertThat(repository.event(-1)).isEmpty();
    }

    @Test
    void shouldListDeliveriesByEveryFilterCombinedMostRecentlyChangedFirst() {
        assertThat(deliveryIds(Filter.latest(50))).hasSize(5);
        assertThat(repository.deliveries(new Filter(null, LEAD, "A", null, null, null, 50)))
                .extracting(Delivery::eventId, Delivery::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(appointmentA, RETRYING),
                        org.assertj.core.groups.Tuple.tuple(leadA, DEAD),
                        org.assertj.core.groups.Tuple.tuple(oldLeadA, PENDING));
        assertThat(repository.deliveries(new Filter(HELD, EMAIL, "A", "Appointment", T0, T0.plusSeconds(3), 50)))
                .extracting(Delivery::eventId)
                .containsExactly(appointmentA);
        assertThat(repository.deliveries(new Filter(HELD, LEAD, null, null, null, null, 50)))
                .isEmpty();
        assertThat(repository.deliveries(new Filter(null, LEAD, null, null, T0, null, 1)))
                .extracting(Delivery::eventId)
                .containsExactly(appointmentA);
        assertThat(repository.deliveries(Filter.inState(DEAD, 50)))
                .allSatisfy(delivery -> assertThat(delivery.replayable()).isTrue());
    }

    @Test
    void shouldCountDeliveriesPerChannelAndStateAndEveryStateSinceADay() {
        Map<String, Object> counts = repository.counts();
        assertThat(counts)
                .containsEntry("events", 4)
                .containsEntry("unrouted", 0)
                .containsEntry("invalid", 0);
        assertThat(counts.get("deliveries"))
                .isEqualTo(Map.of(
                        EMAIL, Map.of("held", 1),
                        LEAD, Map.of("dead", 1, "delivered", 1, "pending", 1, "retrying", 1)));

        List<Map<String, Object>> since = repository.countsSince(T0);
        assertThat(since).extracting(row -> row.get("channel")).containsExactly(EMAIL, LEAD);
        assertThat(since.get(1))
                .containsExactly(
                        Map.entry("channel", LEAD),
                        Map.entry("pending", 0),
                        Map.entry("retrying", 1),
                        Map.entry("delivered", 1),
                        Map.entry("dead", 1),
                        Map.entry("held", 0));
    }

    @Test
    void shouldReadTheBacklogAndEachChannelsLatestSuccessAndFailure() {
        assertThat(repository.countUndelivered()).isEqualTo(2);
        assertThat(repository.countDeliveries(DEAD)).isEqualTo(1);
        assertThat(repository.oldestUndelivered()).contains(T0.minusSeconds(86_400));
        assertThat(repository.lastDelivered(LEAD)).contains(T0.plusSeconds(20));
        assertThat(repository.lastDelivered(EMAIL)).isEmpty();
        // the retrying delivery changed after the dead one
        assertThat(repository.lastFailure(LEAD))
                .hasValueSatisfying(failure -> assertThat(failure.at()).isEqualTo(T0.plusSeconds(40)));
        assertThat(repository.lastFailure(EMAIL)).isEmpty();

        jdbc.sql("UPDATE inbox_delivery SET state = 'delivered'").update();
        assertThat(repository.countUndelivered()).isZero();
        assertThat(repository.oldestUndelivered()).isEmpty();
    }

    @Test
    void shouldChooseForRetentionOnlyOldEventsWhoseDeliveriesAreAllDelivered() {
        long unrouted = event("Other", "A", "Una", null, null, T0.minusSeconds(60));
        assertThat(repository.eventsDoneBefore(T0.plusSeconds(60).toEpochMilli(), 10))
                .containsExactly(leadB, unrouted);
        assertThat(repository.eventsDoneBefore(T0.toEpochMilli(), 10)).containsExactly(unrouted);
        assertThat(repository.eventsDoneBefore(T0.plusSeconds(60).toEpochMilli(), 1))
                .containsExactly(leadB);

        repository.removeEvents(List.of(leadB, unrouted));
        assertThat(repository.counts()).containsEntry("events", 3);
        assertThat(repository.deliveries(Filter.latest(50)))
                .extracting(Delivery::eventId)
                .doesNotContain(leadB);
    }

    @Test
    void shouldStoreAnEventOnceAndItsDeliveriesInTheStateGiven() {
        NeoagentEvent lead = neoagentEvent("Lead", "C", "Dee", "Dup", "dee@example.com");
        long id =
                repository.insertEvent(lead, T0.plusSeconds(100).toEpochMilli()).orElseThrow();
        assertThat(repository.insertEvent(lead, T0.plusSeconds(101).toEpochMilli()))
                .isEmpty();
        repository.insertDelivery(id, LEAD, HELD, T0.plusSeconds(100).toEpochMilli());

        assertThat(repository.event(id).orElseThrow().deliveries())
                .singleElement()
                .satisfies(delivery -> {
                    assertThat(delivery.state()).isEqualTo(HELD);
                    assertThat(delivery.attempts()).isZero();
                    assertThat(delivery.nextAttemptAt()).isEqualTo(T0.plusSeconds(100));
                });
    }

    @Test
    void shouldRefuseAStateThatDoesNotExistNamingTheOnesThatDo() {
        assertThat(DeliveryState.of("dead")).isEqualTo(DEAD);
        assertThatThrownBy(() -> DeliveryState.of("lost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state must be one of [pending, retrying, delivered, dead, held]");
    }

    @Test
    void shouldClaimDueDeliveriesOnceUnderALeaseLeavingOutThoseStillUnderWay() {
        long now = T0.plusSeconds(60).toEpochMilli();
        long oldLead = deliveryId(oldLeadA, LEAD);
        long retrying = deliveryId(appointmentA, LEAD);

        assertThat(repository.claim(LEAD, "owner-1", "token-1", 60_000, now, List.of(oldLead), 10))
                .extracting(InboxRepository.ClaimedRow::id)
                .containsExactly(retrying);
        assertThat(repository.claim(LEAD, "owner-1", "token-2", 60_000, now, List.of(), 10))
                .as("the retrying one is leased now")
                .extracting(InboxRepository.ClaimedRow::id)
                .containsExactly(oldLead);
        assertThat(repository.claim(LEAD, "owner-2", "token-3", 60_000, now, List.of(), 10))
                .as("both leased")
                .isEmpty();
        assertThat(repository.claim(EMAIL, "owner-2", "token-3", 60_000, now, List.of(), 10))
                .as("held: not due")
                .isEmpty();
    }

    @Test
    void shouldTellWhatAClaimWouldFindWithoutClaimingIt() {
        long now = T0.plusSeconds(60).toEpochMilli();
        long oldLead = deliveryId(oldLeadA, LEAD);

        // the day-old pending lead (due since it was stored) and the retrying one (due since T0 + 40 s)
        assertThat(repository.due(LEAD, now, List.of(), 10))
                .isEqualTo(new InboxRepository.Due(2, T0.minusSeconds(86_400).toEpochMilli()));
        assertThat(repository.due(LEAD, now, List.of(), 10))
                .as("read, not claimed")
                .isEqualTo(new InboxRepository.Due(2, T0.minusSeconds(86_400).toEpochMilli()));
        assertThat(repository.due(LEAD, now, List.of(), 1).count())
                .as("counted up to the limit")
                .isOne();
        assertThat(repository.due(LEAD, now, List.of(oldLead), 10))
                .as("leaving out what is under way")
                .isEqualTo(new InboxRepository.Due(1, T0.plusSeconds(40).toEpochMilli()));
        assertThat(repository.due(LEAD, T0.toEpochMilli(), List.of(), 10).count())
                .as("the retrying one is not due yet")
                .isOne();
        repository.claim(LEAD, "owner-1", "token-1", 60_000, now, List.of(), 10);
        assertThat(repository.due(LEAD, now, List.of(), 10)).as("leased").isEqualTo(new InboxRepository.Due(0, 0));
        assertThat(repository.due(EMAIL, now, List.of(), 10)).as("held").isEqualTo(new InboxRepository.Due(0, 0));
    }

    @Test
    void shouldBringForwardOnlyTheRetriesOfTheChannelThatWaitBecauseItWasDown() {
        long now = T0.plusSeconds(60).toEpochMilli();
        long later = now + 3_600_000;
        long wasDown = deliveryId(appointmentA, LEAD);
        long ownFailure = deliveryId(oldLeadA, LEAD);
        long another = event("Lead", "A", "Lea", "Sed", "lea@example.com", T0);
        delivery(another, LEAD, PENDING, T0);
        long leasedElsewhere = deliveryId(another, LEAD);
        long otherChannel = deliveryId(appointmentA, EMAIL);
        jdbc.sql("UPDATE inbox_delivery SET state = 'pending' WHERE id = :id")
                .param("id", otherChannel)
                .update();
        assertThat(repository.claim(LEAD, "owner-1", "token-1", 60_000, now, List.of(), 10))
                .hasSize(3);
        assertThat(repository.claim(EMAIL, "owner-1", "token-1", 60_000, now, List.of(), 10))
                .hasSize(1);
        repository.recordFailed(wasDown, "token-1", RETRYING, 1, later, "Salesforce HTTP 503", null, true, now);
        repository.recordFailed(ownFailure, "token-1", RETRYING, 1, later, "UNABLE_TO_LOCK_ROW", null, false, now);
        repository.recordFailed(otherChannel, "token-1", RETRYING, 1, later, "SMTP 421", null, true, now);
        repository.recordFailed(leasedElsewhere, "token-1", RETRYING, 1, later, "Salesforce HTTP 503", null, true, now);
        // another instance claims it now (with a clock that runs behind: it is due there, and leased)
        jdbc.sql("UPDATE inbox_delivery SET lease_owner = 'owner-2', lease_token = 'token-2',"
                        + " lease_until = :until WHERE id = :id")
                .param("until", Long.MAX_VALUE / 2)
                .param("id", leasedElsewhere)
                .update();

        assertThat(repository.bringForward(LEAD, now)).isOne();
        assertThat(nextAttemptAt(wasDown)).isEqualTo(now);
        assertThat(nextAttemptAt(ownFailure)).as("its own failure").isEqualTo(later);
        assertThat(nextAttemptAt(leasedElsewhere)).as("leased").isEqualTo(later);
        assertThat(nextAttemptAt(otherChannel)).as("another channel").isEqualTo(later);
        assertThat(repository.bringForward(LEAD, now)).as("due already").isZero();
        assertThat(repository.claim(LEAD, "owner-1", "token-3", 60_000, now, List.of(), 10))
                .extracting(InboxRepository.ClaimedRow::id)
                .containsExactly(wasDown);
        repository.recordFailed(wasDown, "token-3", RETRYING, 2, later, "Salesforce HTTP 500", null, true, now);
        assertThat(repository.bringForward(LEAD, now))
                .as("brought forward once: failing the same way again, it keeps its schedule")
                .isZero();
        assertThat(channelDown(wasDown)).isEqualTo(2);

        jdbc.sql("UPDATE inbox_delivery SET next_attempt_at = :now WHERE id = :id")
                .param("now", now)
                .param("id", wasDown)
                .update();
        repository.claim(LEAD, "owner-1", "token-4", 60_000, now, List.of(), 10);
        assertThat(repository.recordDelivered(wasDown, "token-4", 3, "00Q1", now))
                .isOne();
        assertThat(channelDown(wasDown)).as("delivered: no longer down").isZero();
    }

    private int channelDown(long deliveryId) {
        return jdbc.sql("SELECT channel_down FROM inbox_delivery WHERE id = :id")
                .param("id", deliveryId)
                .query(Integer.class)
                .single();
    }

    private long nextAttemptAt(long deliveryId) {
        return jdbc.sql("SELECT next_attempt_at FROM inbox_delivery WHERE id = :id")
                .param("id", deliveryId)
                .query(Long.class)
                .single();
    }

    @Test
    void shouldRecordAnOutcomeOnlyWhileTheRowCarriesTheClaimsToken() {
        long now = T0.plusSeconds(60).toEpochMilli();
        long oldLead = deliveryId(oldLeadA, LEAD);
        repository.claim(LEAD, "owner-1", "token-1", 60_000, now, List.of(deliveryId(appointmentA, LEAD)), 10);

        assertThat(repository.recordDelivered(oldLead, "another-claims-token", 1, "00Q1", now))
                .isZero();
        assertThat(repository.giveBack(oldLead, "another-claims-token")).isZero();
        assertThat(repository.recordFailed(oldLead, "token-1", RETRYING, 1, now + 30_000, "timeout", now))
                .isOne();
        assertThat(repository.deliveries(new Filter(RETRYING, LEAD, null, null, null, null, 50)))
                .extracting(InboxRepository.Delivery::id)
                .contains(oldLead);
        assertThat(repository.recordDelivered(oldLead, "token-1", 2, "00Q1", now))
                .isOne();
        assertThat(repository.deliveries(new Filter(DELIVERED, LEAD, null, null, null, null, 50)))
                .filteredOn(delivery -> delivery.id() == oldLead)
                .singleElement()
                .satisfies(delivery -> assertThat(delivery.resultId()).isEqualTo("00Q1"));
    }

    @Test
    void shouldReplayDeadAndHeldDeliveriesOfAChannelOrOneDelivery() {
        long now = T0.plusSeconds(60).toEpochMilli();
        long held = deliveryId(appointmentA, EMAIL);

        assertThat(repository.replay(EMAIL, deliveryId(leadA, LEAD), PENDING, now))
                .as("not of that channel")
                .isZero();
        assertThat(repository.replay(EMAIL, held, PENDING, now)).isOne();
        assertThat(repository.replay(LEAD, null, PENDING, now))
                .as("the dead lead")
                .isOne();
        assertThat(repository.replay(LEAD, null, PENDING, now))
                .as("nothing dead or held left")
                .isZero();
        assertThat(repository.holdUndelivered(LEAD, now))
                .as("pending and retrying")
                .isEqualTo(3);
        assertThat(repository.releaseHeld(LEAD, now)).isEqualTo(3);
    }

    private long deliveryId(long eventId, String channel) {
        return jdbc.sql("SELECT id FROM inbox_delivery WHERE event_id = :event AND channel = :channel")
                .param("event", eventId)
                .param("channel", channel)
                .query(Long.class)
                .single();
    }

    @Test
    void shouldFindTheSameEventOfAnotherSourceByChatbotSessionTypeAndCreationSecond() {
        NeoagentEvent webhook = timed("2023-11-23T18:36:21.512302Z", io.neoagent.bridge.webhook.EventSource.WEBHOOK);
        assertThat(repository.insertEvent(webhook, 1_000L)).isPresent();

        NeoagentEvent sameSecond = timed("2023-11-23T18:36:21Z", io.neoagent.bridge.webhook.EventSource.CATCH_UP);
        NeoagentEvent otherSecond = timed("2023-11-23T18:36:22Z", io.neoagent.bridge.webhook.EventSource.CATCH_UP);
        NeoagentEvent untimed = timed(null, io.neoagent.bridge.webhook.EventSource.CATCH_UP);
        assertThat(repository.holdsSameEvent(sameSecond, null)).isTrue();
        assertThat(repository.holdsSameEvent(otherSecond, null)).isFalse();
        assertThat(repository.holdsSameEvent(untimed, null)).isTrue();
        // only catch-up events count for a webhook event: none is held yet
        assertThat(repository.holdsSameEvent(webhook, io.neoagent.bridge.webhook.EventSource.CATCH_UP))
                .isFalse();
        long recovered = repository.insertEvent(sameSecond, 2_000L).orElseThrow();
        assertThat(repository.holdsSameEvent(webhook, io.neoagent.bridge.webhook.EventSource.CATCH_UP))
                .isTrue();
        assertThat(repository.event(recovered).orElseThrow().source()).isEqualTo("catch-up");
    }

    private NeoagentEvent timed(String createTime, io.neoagent.bridge.webhook.EventSource source) {
        ObjectNode fields = json.createObjectNode()
                .put("SerialNumber", "bot-a")
                .put("Type", "Lead")
                .put("Content", source.value() + createTime)
                .put("ID session", 31305);
        if (createTime != null) {
            fields.put("CreateTime", createTime);
        }
        String payload = fields.toString();
        return new NeoagentEvent("key-" + payload.hashCode(), payload, fields, source);
    }

    private List<Long> eventIds(Filter filter) {
        return ids(repository.events(filter, false));
    }

    private List<Long> deliveryIds(Filter filter) {
        return repository.deliveries(filter).stream().map(Delivery::id).toList();
    }

    private static List<Long> ids(List<EventSummary> events) {
        return events.stream().map(EventSummary::id).toList();
    }

    private long event(String type, String chatbot, String first, String last, String email, Instant receivedAt) {
        return repository
                .insertEvent(neoagentEvent(type, chatbot, first, last, email), receivedAt.toEpochMilli())
                .orElseThrow();
    }

    private NeoagentEvent neoagentEvent(String type, String chatbot, String first, String last, String email) {
        ObjectNode fields = json.createObjectNode()
                .put("SerialNumber", chatbot)
                .put("Type", type)
                .put("FirstName", first)
                .put("LastName", last)
                .put("Email", email)
                .put("ID session", 7);
        String payload = fields.toString();
        return new NeoagentEvent("key-" + payload.hashCode(), payload, fields);
    }

    private void delivery(long eventId, String channel, DeliveryState state, Instant updatedAt) {
        repository.insertDelivery(eventId, channel, state, updatedAt.toEpochMilli());
    }
}
