package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.neoagent.bridge.delivery.ChannelPace;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The org's daily API allowance, as Salesforce tells it with every answer ({@code Sforce-Limit-Info:
 * api-usage=<used>/<limit>}) and its limits resource ({@code DailyApiRequests}): kept as metrics, warned about once
 * at {@code salesforce.api-usage.warn-at}, and from {@code slow-down-at} on the Salesforce channels go slow (a delivery
 * goes only when it is due alone; batches, backlogs and retries wait) until the usage falls again, so the org's other
 * integrations keep their share. A Camel event notifier: it reads (and takes off) the header after every call to a
 * {@code salesforce:} endpoint, so it never goes on with the next call; called as bean {@code salesforceApiUsage} by
 * the {@code salesforce-api-usage} route, which asks the limits resource while slowed down and no call told it.
 */
@Component("salesforceApiUsage")
public class SalesforceApiUsage extends EventNotifierSupport implements ChannelPace, MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceApiUsage.class);
    static final String LIMIT_INFO = "Sforce-Limit-Info";
    private static final Pattern API_USAGE = Pattern.compile("(?:^|[,;\\s])api-usage=(\\d+)/(\\d+)");

    private final SalesforceOrgProperties.ApiUsage properties;
    private final Set<String> channels;
    private final ObjectMapper json;

    /** Calls used and allowed, as last told; -1 until Salesforce told it. */
    private volatile long used = -1;

    private volatile long limit = -1;
    /** When Salesforce last told it ({@link System#nanoTime()}). */
    private volatile long toldAt;

    private boolean warned;
    private volatile boolean slowedDown;

    public SalesforceApiUsage(SalesforceOrgProperties properties, ObjectMapper json) {
        this.properties = properties.apiUsage();
        this.channels = Set.copyOf(this.properties.channels());
        this.json = json;
        check("salesforce.api-usage.warn-at", this.properties.warnAt());
        check("salesforce.api-usage.slow-down-at", this.properties.slowDownAt());
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    private static void check(String key, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException(
                    key + ": a share of the daily allowance above 0 and at most 1 (0.9 is" + " 90 %), not " + share);
        }
    }

    /**
     * Sending and sent events of calls to Salesforce: Camel tells a call's end ({@code ExchangeSentEvent}) only to a
     * notifier that took its start.
     */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return (event instanceof CamelEvent.ExchangeSendingEvent sending && salesforce(sending.getEndpoint()))
                || (event instanceof CamelEvent.ExchangeSentEvent sent && salesforce(sent.getEndpoint()));
    }

    private static boolean salesforce(org.apache.camel.Endpoint endpoint) {
        return endpoint.getEndpointUri().startsWith("salesforce:");
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        String info = exchange.getMessage().getHeader(LIMIT_INFO, String.class);
        if (info != null) {
            exchange.getMessage().removeHeader(LIMIT_INFO);
            told(info);
        }
    }

    /** Reads {@code api-usage=<used>/<limit>} from a {@code Sforce-Limit-Info} value; ignores anything else. */
    void told(String limitInfo) {
        Matcher usage = API_USAGE.matcher(limitInfo.strip());
        if (usage.find()) {
            try {
                update(Long.parseLong(usage.group(1)), Long.parseLong(usage.group(2)));
            } catch (NumberFormatException tooLong) {
                // not a count Salesforce sends: ignored
            }
        }
    }

    /** Reads the limits resource's answer ({@code DailyApiRequests}: {@code Max}, {@code Remaining}). */
    public void fromLimits(Object response) throws IOException {
        JsonNode daily = json.readTree(SalesforceLeadMapper.text(response)).path("DailyApiRequests");
        if (daily.path("Max").canConvertToLong() && daily.path("Remaining").canConvertToLong()) {
            long max = daily.path("Max").asLong();
            update(max - daily.path("Remaining").asLong(), max);
        }
    }

    private synchronized void update(long usedNow, long limitNow) {
        used = usedNow;
        limit = limitNow;
        toldAt = System.nanoTime();
        if (limitNow <= 0) {
            return;
        }
        double share = (double) usedNow / limitNow;
        String figures = percent(share) + " of the org's daily allowance (" + usedNow + " of " + limitNow + " calls)";
        if (share >= properties.warnAt() && !warned) {
            warned = true;
            LOG.warn(
                    "Salesforce API usage is at {}: salesforce.api-usage.warn-at is {}",
                    figures,
                    percent(properties.warnAt()));
        } else if (share < properties.warnAt() && warned) {
            warned = false;
            LOG.info("Salesforce API usage is down to {}", figures);
        }
        if (share >= properties.slowDownAt() && !slowedDown) {
            slowedDown = true;
            LOG.warn(
                    "Salesforce API usage is at {}, at or above salesforce.api-usage.slow-down-at ({}): channels {} now"
                            + " send a delivery only when it is due alone; batches, backlogs and retries wait until"
                            + " the usage falls",
                    figures,
                    percent(properties.slowDownAt()),
                    properties.channels());
        } else if (share < properties.slowDownAt() && slowedDown) {
            slowedDown = false;
            LOG.info(
                    "Salesforce API usage is down to {}: channels {} go at full pace again",
                    figures,
                    properties.channels());
        }
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    @Override
    public boolean onlyDueAlone(String channel) {
        return slowedDown && channels.contains(channel);
    }

    /** Slowed down, and no call told the usage for {@code salesforce.api-usage.recheck}: time to ask for it. */
    public boolean dueForRecheck() {
        return slowedDown && System.nanoTime() - toldAt >= properties.recheck().toNanos();
    }

    public boolean slowedDown() {
        return slowedDown;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("neoagent.salesforce.api.requests.used", this, usage -> usage.used < 0 ? Double.NaN : usage.used)
                .description("Calls of the org's daily Salesforce API allowance used, as Salesforce last told")
                .register(registry);
        Gauge.builder(
                        "neoagent.salesforce.api.requests.limit",
                        this,
                        usage -> usage.limit < 0 ? Double.NaN : usage.limit)
                .description("The org's daily Salesforce API allowance, in calls")
                .register(registry);
        Gauge.builder("neoagent.salesforce.api.usage", this, SalesforceApiUsage::share)
                .description("Share of the org's daily Salesforce API allowance used (0 to 1)")
                .register(registry);
        Gauge.builder("neoagent.salesforce.api.slowed.down", this, usage -> usage.slowedDown ? 1 : 0)
                .description("1 while the Salesforce channels send only deliveries due alone (usage at slow-down-at)")
                .register(registry);
    }

    private double share() {
        return used < 0 || limit <= 0 ? Double.NaN : (double) used / limit;
    }
}
