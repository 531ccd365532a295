package io.neoagent.bridge.salesforce;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A Salesforce stand-in on a real socket: the OAuth token endpoint and the Lead sObject calls, answered the
 * way Salesforce answers them. It is both the login host and the instance.
 */
public final class SalesforceStandIn implements AutoCloseable {

    public static final String API = "/services/data/v62.0";
    public static final String LEADS = API + "/sobjects/Lead";
    public static final String TOKEN = "/services/oauth2/token";

    private final WireMockServer server;

    public SalesforceStandIn(int port) {
        server = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
        server.start();
        reset();
    }

    public SalesforceStandIn() {
        this(0);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Logins succeed, every Lead is created with id 00Q000000000001AAA. */
    public void reset() {
        server.resetAll();
        server.stubFor(post(urlEqualTo(TOKEN)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"00Dtoken\",\"instance_url\":\"" + url() + "\","
                        + "\"id\":\"" + url() + "/id/00D000000000001AAA/005000000000001AAA\",\"token_type\":\"Bearer\","
                        + "\"issued_at\":\"1700000000000\",\"signature\":\"c2ln\"}")));
        answerLeads(201, "{\"id\":\"00Q000000000001AAA\",\"success\":true,\"errors\":[]}");
    }

    /** Every Lead create or upsert gets this answer. */
    public void answerLeads(int status, String body) {
        server.stubFor(post(urlEqualTo(LEADS)).willReturn(json(status, body)));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(LEADS + "/.+/.+"))
                .willReturn(json(status, body)));
    }

    /** The first {@code times} Lead creates get {@code status}/{@code body}, later ones succeed. */
    public void failLeadsFirst(int times, int status, String body) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = "failed-" + i;
            server.stubFor(leadCreate().inScenario("outage").whenScenarioStateIs(state)
                    .willReturn(json(status, body)).willSetStateTo(next));
            state = next;
        }
        server.stubFor(leadCreate().inScenario("outage").whenScenarioStateIs(state)
                .willReturn(json(201, "{\"id\":\"00Q000000000001AAA\",\"success\":true,\"errors\":[]}")));
    }

    private static MappingBuilder leadCreate() {
        return post(urlEqualTo(LEADS));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    public WireMockServer server() {
        return server;
    }

    public List<LoggedRequest> leadCreates() {
        return server.findAll(postRequestedFor(urlEqualTo(LEADS)));
    }

    public List<LoggedRequest> logins() {
        return server.findAll(postRequestedFor(urlEqualTo(TOKEN)));
    }

    public List<LoggedRequest> all() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    @Override
    public void close() {
        server.stop();
    }
}
