package io.neoagent.bridge.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Salesforce stand-in on a real socket: the OAuth token endpoint and the Lead sObject calls, answered the
 * way Salesforce answers them. It is both the login host and the instance.
 * <p>
 * In a Spring test, register it as a JUnit extension and point the bridge at it:
 * <pre>{@code
 * @RegisterExtension
 * static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();
 *
 * @DynamicPropertySource
 * static void properties(DynamicPropertyRegistry registry) {
 *     SALESFORCE.configure(registry);
 * }
 * }</pre>
 * Before each test it waits until the bridge has signed in at start-up (the {@code salesforce-sign-in} route), so
 * that sign-in never lands in a test's counts, then resets to its defaults; it is closed after the class.
 */
public final class SalesforceStandIn implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

    public static final String API = "/services/data/v62.0";
    public static final String LEADS = API + "/sobjects/Lead";
    public static final String TOKEN = "/services/oauth2/token";
    /** sObject Collections upsert of Leads: {@code PATCH} with the external id field's name appended. */
    public static final String LEAD_COLLECTIONS = API + "/composite/sobjects/Lead";
    /** sObject Collections create (of CampaignMembers here): {@code POST}. */
    public static final String COLLECTIONS = API + "/composite/sobjects";

    public static final String CAMPAIGN_MEMBERS = API + "/sobjects/CampaignMember";
    public static final String TASKS = API + "/sobjects/Task";
    public static final String LIMITS = API + "/limits";
    /** The access token every login that succeeds is given. */
    public static final String ACCESS_TOKEN = "00Dtoken";

    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final WireMockServer server;
    private final LeadCollections leadCollections = new LeadCollections();
    private final SignIns signIns = new SignIns();
    private final LimitInfo limitInfo = new LimitInfo();
    private final TokenEndpoint tokenEndpoint = new TokenEndpoint(this::url);
    private volatile boolean configured;

    public SalesforceStandIn(int port) {
        server = new WireMockServer(options()
                .port(port)
                .bindAddress("127.0.0.1")
                .extensions(leadCollections, signIns, limitInfo, new LimitsResource(limitInfo), tokenEndpoint));
        server.start();
        reset();
    }

    public SalesforceStandIn() {
        this(0);
    }

    /** Makes this the bridge's Salesforce login host (and so its instance). */
    public void configure(DynamicPropertyRegistry registry) {
        registry.add("camel.component.salesforce.login-url", this::url);
        configured = true;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (configured) {
            await("the bridge signing in to Salesforce at start-up")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> signIns.finished.get() > 0);
        }
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
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
        server.stubFor(post(urlEqualTo(TOKEN)).willReturn(aResponse().withTransformers(TokenEndpoint.NAME)));
        server.stubFor(get(urlPathMatching(API + "/?"))
                .willReturn(json(
                        200,
                        "{\"sobjects\":\"" + API + "/sobjects\",\"composite\":\"" + API + "/composite\",\"limits\":\""
                                + API + "/limits\"}")));
        answerLeads(201, "{\"id\":\"00Q000000000001AAA\",\"success\":true,\"errors\":[]}");
        leadCollections.rejections.clear();
        server.stubFor(
                com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(LEAD_COLLECTIONS + "/[^/]+"))
                        .willReturn(aResponse().withTransformers(LeadCollections.NAME)));
        server.stubFor(post(urlEqualTo(COLLECTIONS)).willReturn(aResponse().withTransformers(LeadCollections.NAME)));
        answerCampaignMembers(201, "{\"id\":\"00v000000000001AAA\",\"success\":true,\"errors\":[]}");
        server.stubFor(post(urlEqualTo(TASKS))
                .willReturn(json(201, "{\"id\":\"00T000000000001AAA\",\"success\":true,\"errors\":[]}")));
        limitInfo.usage = null;
        server.stubFor(
                get(urlPathMatching(LIMITS + "/?")).willReturn(aResponse().withTransformers(LimitsResource.NAME)));
    }

    /**
     * From now on, every answer of the API carries {@code Sforce-Limit-Info: api-usage=<used>/<limit>}, and the
     * limits resource tells the same; {@code used} null: neither.
     */
    public void reportApiUsage(Integer used, int limit) {
        limitInfo.usage = used == null ? null : new int[] {used, limit};
    }

    /** Every CampaignMember create gets this answer. */
    public void answerCampaignMembers(int status, String body) {
        server.stubFor(post(urlEqualTo(CAMPAIGN_MEMBERS)).willReturn(json(status, body)));
    }

    /** The first {@code times} CampaignMember creates get {@code status}/{@code body}; later ones succeed once, then
     * answer DUPLICATE_VALUE as Salesforce does for a lead that is a member already. */
    public void failCampaignMembersFirst(int times, int status, String body) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = "member-failed-" + i;
            server.stubFor(post(urlEqualTo(CAMPAIGN_MEMBERS))
                    .inScenario("members")
                    .whenScenarioStateIs(state)
                    .willReturn(json(status, body))
                    .willSetStateTo(next));
            state = next;
        }
        server.stubFor(post(urlEqualTo(CAMPAIGN_MEMBERS))
                .inScenario("members")
                .whenScenarioStateIs(state)
                .willReturn(json(201, "{\"id\":\"00v000000000001AAA\",\"success\":true,\"errors\":[]}"))
                .willSetStateTo("member"));
        server.stubFor(post(urlEqualTo(CAMPAIGN_MEMBERS))
                .inScenario("members")
                .whenScenarioStateIs("member")
                .willReturn(json(
                        400,
                        "[{\"message\":\"Already a campaign member.\",\"errorCode\":\"DUPLICATE_VALUE\","
                                + "\"fields\":[]}]")));
    }

    public List<LoggedRequest> campaignMemberCreates() {
        return server.findAll(postRequestedFor(urlEqualTo(CAMPAIGN_MEMBERS)));
    }

    /** sObject Collections creates (the batch route's CampaignMembers). */
    public List<LoggedRequest> collectionCreates() {
        return server.findAll(postRequestedFor(urlEqualTo(COLLECTIONS)));
    }

    public List<LoggedRequest> taskCreates() {
        return server.findAll(postRequestedFor(urlEqualTo(TASKS)));
    }

    /** Every Task create gets this answer. */
    public void answerTasks(int status, String body) {
        server.stubFor(post(urlEqualTo(TASKS)).willReturn(json(status, body)));
    }

    public List<LoggedRequest> limitsRequests() {
        return server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathMatching(LIMITS + "/?")));
    }

    /**
     * From now on, across resets, a JWT bearer login gets a token only when its assertion's RS256 signature verifies
     * with {@code key}, as when the key's certificate is uploaded to the External Client App; others get Salesforce's
     * {@code invalid_grant}. Logins of other flows are answered as before.
     */
    public SalesforceStandIn acceptJwtSignedBy(PublicKey key) {
        tokenEndpoint.jwtKey = key;
        return this;
    }

    /** The form fields of a login (a token request), decoded. */
    public static Map<String, String> form(LoggedRequest login) {
        return TokenEndpoint.form(login.getBodyAsString());
    }

    /** Every login gets this answer (e.g. 400 invalid_client), until {@link #reset()}. */
    public SalesforceStandIn refusingLogins(int status, String body) {
        server.stubFor(post(urlEqualTo(TOKEN)).willReturn(json(status, body)));
        return this;
    }

    /** Every login since the stand-in started, resets or not: the first is the bridge's sign-in at start-up. */
    public List<LoggedRequest> everyLogin() {
        return List.copyOf(signIns.logins);
    }

    /** How often the API version was asked for (the bridge's sign-in at start-up does), resets or not. */
    public int apiVersionChecks() {
        return signIns.apiVersionChecks.get();
    }

    /**
     * In sObject Collections upserts, a record whose JSON contains {@code text} gets Salesforce's per-record
     * error {@code code}; the other records still succeed.
     */
    public void rejectCollectionRecordsContaining(String text, String code, String message) {
        leadCollections.rejections.put(text, new String[] {code, message});
    }

    /** Every sObject Collections call gets this answer (e.g. 503), replacing the per-record answers. */
    public void answerLeadCollections(int status, String body) {
        server.stubFor(
                com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(LEAD_COLLECTIONS + "/[^/]+"))
                        .willReturn(json(status, body)));
    }

    public List<LoggedRequest> leadCollectionCalls() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                urlPathMatching(LEAD_COLLECTIONS + "/[^/]+")));
    }

    /** Every Lead create or upsert gets this answer. */
    public void answerLeads(int status, String body) {
        server.stubFor(post(urlEqualTo(LEADS)).willReturn(json(status, body)));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(LEADS + "/.+/.+"))
                .willReturn(json(status, body)));
    }

    /** Every Lead create succeeds, each answered only after {@code delay}: a Salesforce slower than a lease. */
    public void answerLeadsAfter(Duration delay) {
        server.stubFor(leadCreate()
                .willReturn(json(201, "{\"id\":\"00Q000000000001AAA\",\"success\":true,\"errors\":[]}")
                        .withFixedDelay((int) delay.toMillis())));
    }

    /** The first {@code times} Lead creates or single upserts get {@code status}/{@code body}, later ones succeed. */
    public void failLeadsFirst(int times, int status, String body) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = "failed-" + i;
            for (MappingBuilder call : List.of(leadCreate(), leadUpsert())) {
                server.stubFor(call.inScenario("outage")
                        .whenScenarioStateIs(state)
                        .willReturn(json(status, body))
                        .willSetStateTo(next));
            }
            state = next;
        }
        String created = "{\"id\":\"00Q000000000001AAA\",\"success\":true,\"created\":true,\"errors\":[]}";
        for (MappingBuilder call : List.of(leadCreate(), leadUpsert())) {
            server.stubFor(call.inScenario("outage").whenScenarioStateIs(state).willReturn(json(201, created)));
        }
    }

    private static MappingBuilder leadCreate() {
        return post(urlEqualTo(LEADS));
    }

    private static MappingBuilder leadUpsert() {
        return com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(LEADS + "/.+/.+"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
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

    /** Counts, across resets, the logins and the API version checks: what the bridge's start-up sign-in does. */
    static final class SignIns implements ServeEventListener {

        final List<LoggedRequest> logins = new CopyOnWriteArrayList<>();
        final AtomicInteger apiVersionChecks = new AtomicInteger();
        /** Start-up sign-ins that got an answer: the API version was checked, or the login was refused. */
        final AtomicInteger finished = new AtomicInteger();

        @Override
        public void afterComplete(ServeEvent event, Parameters parameters) {
            LoggedRequest request = event.getRequest();
            String path = request.getUrl().replaceAll("\\?.*", "");
            if (path.equals(TOKEN)) {
                logins.add(request);
                if (event.getResponse().getStatus() >= 400) {
                    finished.incrementAndGet();
                }
            } else if (request.getMethod().getName().equals("GET") && path.matches(API + "/?")) {
                apiVersionChecks.incrementAndGet();
                finished.incrementAndGet();
            }
        }

        @Override
        public String getName() {
            return "sign-ins";
        }
    }

    /**
     * The OAuth token endpoint: a session for every login, except a JWT bearer login whose assertion does not verify
     * with the key set by {@link #acceptJwtSignedBy}.
     */
    static final class TokenEndpoint implements ResponseDefinitionTransformerV2 {

        static final String NAME = "token-endpoint";
        private final Supplier<String> url;
        volatile PublicKey jwtKey;

        TokenEndpoint(Supplier<String> url) {
            this.url = url;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Map<String, String> form = form(serveEvent.getRequest().getBodyAsString());
            PublicKey key = jwtKey;
            if (key != null && JWT_BEARER.equals(form.get("grant_type")) && !verifies(form.get("assertion"), key)) {
                return ResponseDefinitionBuilder.responseDefinition()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"invalid assertion\"}")
                        .build();
            }
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"instance_url\":\"" + url.get() + "\","
                            + "\"id\":\"" + url.get()
                            + "/id/00D000000000001AAA/005000000000001AAA\",\"token_type\":\"Bearer\","
                            + "\"issued_at\":\"1700000000000\",\"signature\":\"c2ln\"}")
                    .build();
        }

        private static boolean verifies(String assertion, PublicKey key) {
            try {
                return assertion != null && JwtBearerAssertion.parse(assertion).signedBy(key);
            } catch (RuntimeException e) {
                return false;
            }
        }

        static Map<String, String> form(String body) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    fields.put(
                            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            return fields;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** Salesforce's {@code Sforce-Limit-Info} header on every answer of the API while a usage is set. */
    static final class LimitInfo implements ResponseTransformerV2 {

        volatile int[] usage;

        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            int[] current = usage;
            if (current == null || !serveEvent.getRequest().getUrl().startsWith(API)) {
                return response;
            }
            return Response.Builder.like(response)
                    .but()
                    .headers(response.getHeaders()
                            .plus(new HttpHeader("Sforce-Limit-Info", "api-usage=" + current[0] + "/" + current[1])))
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return "limit-info";
        }
    }

    /** The limits resource: {@code DailyApiRequests} as the usage set tells (none used when none is set). */
    static final class LimitsResource implements ResponseDefinitionTransformerV2 {

        static final String NAME = "limits";
        private final LimitInfo limitInfo;

        LimitsResource(LimitInfo limitInfo) {
            this.limitInfo = limitInfo;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            int[] current = limitInfo.usage == null ? new int[] {0, 15000} : limitInfo.usage;
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"DailyApiRequests\":{\"Max\":" + current[1] + ",\"Remaining\":"
                            + (current[1] - current[0]) + "}}")
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /**
     * Answers an sObject Collections upsert as Salesforce does with {@code allOrNone: false}: HTTP 200 and one
     * result per record, in order; a record matching a rejection gets its error, the others an id.
     */
    static final class LeadCollections implements ResponseDefinitionTransformerV2 {

        static final String NAME = "lead-collections";
        private static final ObjectMapper JSON = new ObjectMapper();
        final Map<String, String[]> rejections = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            try {
                ArrayNode results = JSON.createArrayNode();
                for (JsonNode record :
                        JSON.readTree(serveEvent.getRequest().getBodyAsString()).path("records")) {
                    String text = record.toString();
                    String[] rejection = rejections.entrySet().stream()
                            .filter(r -> text.contains(r.getKey()))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse(null);
                    ObjectNode result = results.addObject();
                    String prefix =
                            switch (record.path("attributes").path("type").asText("Lead")) {
                                case "CampaignMember" -> "00v";
                                case "Task" -> "00T";
                                default -> "00Q";
                            };
                    if (rejection == null) {
                        result.put("id", String.format(prefix + "%012dAAA", ids.incrementAndGet()))
                                .put("success", true)
                                .put("created", true)
                                .putArray("errors");
                    } else {
                        result.put("success", false)
                                .putArray("errors")
                                .addObject()
                                .put("statusCode", rejection[0])
                                .put("message", rejection[1])
                                .putArray("fields");
                    }
                }
                return ResponseDefinitionBuilder.responseDefinition()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(results.toString())
                        .build();
            } catch (Exception e) {
                return ResponseDefinitionBuilder.responseDefinition()
                        .withStatus(400)
                        .withBody("[{\"errorCode\":\"JSON_PARSER_ERROR\",\"message\":\""
                                + e.getClass().getSimpleName() + "\"}]")
                        .build();
            }
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
