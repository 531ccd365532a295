package io.neoagent.bridge.catchup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in of neoagent's lead-list API (Appointment/Lead Data API) on a real socket: {@code POST
 * /chat/Chatbot/LeadList}. It answers only a request carrying the key as {@code Authorization} (as it is, no
 * {@code Bearer}), JSON, and a body with the chatbot's {@code serialNumber} and {@code startTime}/{@code endTime} as
 * {@code YYYY-MM-DD}; any other request gets 401 (wrong or missing key) or 400.
 */
public final class LeadListStandIn implements BeforeEachCallback, AfterAllCallback {

    public static final String PATH = "/chat/Chatbot/LeadList";
    public static final String KEY = "nk-test-2f8b1c";

    private final WireMockServer server;

    public LeadListStandIn() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        reset();
    }

    /** Makes this the bridge's neoagent API, with the key it accepts. */
    public void configure(DynamicPropertyRegistry registry) {
        registry.add("neoagent.catch-up.api-url", this::url);
        registry.add("neoagent.catch-up.api-key", () -> KEY);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    /** Every chatbot's list is empty; a request without the key gets 401, a malformed one 400. */
    public void reset() {
        server.resetAll();
        server.stubFor(post(urlEqualTo(PATH)).atPriority(10).willReturn(json(401, "{\"message\":\"Unauthorized\"}")));
        server.stubFor(post(urlEqualTo(PATH))
                .atPriority(9)
                .withHeader("Authorization", equalTo(KEY))
                .willReturn(json(400, "{\"message\":\"bad request\"}")));
        server.stubFor(valid(null).atPriority(8).willReturn(json(200, "{\"Data\":[]}")));
    }

    /** Chatbot {@code chatbot}'s list holds these records (JSON objects). */
    public void holds(String chatbot, String... records) {
        answer(chatbot, 200, "{\"Data\":[" + String.join(",", records) + "]}");
    }

    /** Chatbot {@code chatbot}'s list is answered with this status and JSON body. */
    public void answer(String chatbot, int status, String body) {
        server.stubFor(valid(chatbot).atPriority(5).willReturn(json(status, body)));
    }

    /** Chatbot {@code chatbot}'s list is answered like this. */
    public void answer(String chatbot, ResponseDefinitionBuilder response) {
        server.stubFor(valid(chatbot).atPriority(5).willReturn(response));
    }

    /** The first {@code times} requests for {@code chatbot} get {@code status}, the later ones its list. */
    public void failFirst(String chatbot, int times, int status, String... records) {
        String scenario = "fail-first-" + chatbot;
        for (int i = 0; i < times; i++) {
            server.stubFor(valid(chatbot)
                    .atPriority(4)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "f" + i)
                    .willSetStateTo("f" + (i + 1))
                    .willReturn(json(status, "{\"message\":\"try later\"}")));
        }
        server.stubFor(valid(chatbot)
                .atPriority(4)
                .inScenario(scenario)
                .whenScenarioStateIs("f" + times)
                .willReturn(json(200, "{\"Data\":[" + String.join(",", records) + "]}")));
    }

    /** Every pull request that reached the stand-in, valid or not. */
    public List<LoggedRequest> pulls() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH)));
    }

    /** The pull requests for {@code chatbot} that it answered as neoagent would (key, JSON, dates). */
    public List<LoggedRequest> validPulls(String chatbot) {
        return server.findAll(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo(KEY))
                .withHeader("Content-Type", matching("application/json.*"))
                .withRequestBody(matchingJsonPath("$.serialNumber", equalTo(chatbot)))
                .withRequestBody(matchingJsonPath("$.startTime", matching("\\d{4}-\\d{2}-\\d{2}")))
                .withRequestBody(matchingJsonPath("$.endTime", matching("\\d{4}-\\d{2}-\\d{2}"))));
    }

    private static MappingBuilder valid(String chatbot) {
        return post(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo(KEY))
                .withHeader("Content-Type", matching("application/json.*"))
                .withRequestBody(
                        matchingJsonPath("$.serialNumber", chatbot == null ? matching(".+") : equalTo(chatbot)))
                .withRequestBody(matchingJsonPath("$.startTime", matching("\\d{4}-\\d{2}-\\d{2}")))
                .withRequestBody(matchingJsonPath("$.endTime", matching("\\d{4}-\\d{2}-\\d{2}")));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
