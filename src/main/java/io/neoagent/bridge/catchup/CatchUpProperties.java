package io.neoagent.bridge.catchup;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code neoagent.catch-up:} group of {@code application.yaml}: pulling neoagent's lead list for what the webhook
 * missed.
 *
 * @param apiKey           neoagent's secret key, sent as {@code Authorization} as it is; unset: catch-up is off
 * @param apiUrl           base URL of neoagent's API (white-label copies of the platform serve it elsewhere)
 * @param chatbots         serial numbers of the chatbots to catch up
 * @param perChatbot       settings of single chatbots (these are caught up too, listed or not)
 * @param interval         how often each chatbot's list is pulled
 * @param tick             how often the catch-up route looks for a pull that is due
 * @param settle           records younger than this are left for a later pull: neoagent may still be retrying them
 * @param maxRecords       most records taken from one pull
 * @param maxResponseBytes largest reply read; a larger one fails the pull
 * @param readTimeout      longest time to read one reply, once its headers came
 * @param retryDelay       wait after a failed pull, doubled after each further failure, up to {@code interval}
 * @param refusedDelay     wait after neoagent refused the key (401, 403)
 * @param maxDays          how far back a manual catch-up may reach
 * @param fields           where the webhook's fields are found in a record of the list
 */
@ConfigurationProperties("neoagent.catch-up")
public record CatchUpProperties(
        @DefaultValue("") String apiKey,
        @DefaultValue("https://app.neoagent.co") String apiUrl,
        @DefaultValue List<String> chatbots,
        @DefaultValue Map<String, Chatbot> perChatbot,
        @DefaultValue("15m") Duration interval,
        @DefaultValue("5s") Duration tick,
        @DefaultValue("10m") Duration settle,
        @DefaultValue("2000") int maxRecords,
        @DefaultValue("16MB") DataSize maxResponseBytes,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("1m") Duration retryDelay,
        @DefaultValue("1h") Duration refusedDelay,
        @DefaultValue("92") int maxDays,
        @DefaultValue LeadListFields fields) {

    /**
     * One chatbot's own settings.
     *
     * @param apiKey   its own key (a chatbot of another neoagent account); empty: {@code api-key}
     * @param interval its own pull interval; null: {@code interval}
     */
    public record Chatbot(@DefaultValue("") String apiKey, Duration interval) {}

    /** Every chatbot to catch up: those listed, then those with settings of their own. */
    public Set<String> allChatbots() {
        Set<String> all = new LinkedHashSet<>();
        chatbots.stream().map(String::strip).filter(id -> !id.isEmpty()).forEach(all::add);
        all.addAll(perChatbot.keySet());
        return all;
    }

    /** The key for {@code chatbot}: its own, else the common one; empty when neither is set. */
    public String apiKey(String chatbot) {
        Chatbot own = perChatbot.get(chatbot);
        return own != null && !own.apiKey().isBlank() ? own.apiKey().strip() : apiKey.strip();
    }

    public Duration interval(String chatbot) {
        Chatbot own = perChatbot.get(chatbot);
        return own != null && own.interval() != null ? own.interval() : interval;
    }

    /** On when at least one chatbot is configured and has a key. */
    public boolean enabled() {
        return allChatbots().stream().anyMatch(chatbot -> !apiKey(chatbot).isEmpty());
    }
}
