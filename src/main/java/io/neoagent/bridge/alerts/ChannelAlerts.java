package io.neoagent.bridge.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.neoagent.bridge.delivery.DeliveryChannels;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.logging.PersonalData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Tells people when a channel fails, once per incident, called as bean {@code alerts} by the {@code alerts} route
 * ({@code routes/alerts.camel.yaml}) every {@code alerts.check-interval}. An incident begins when a delivery of a
 * configured channel goes dead, or when its deliveries have been failing for {@code alerts.failing-for} without a
 * success meanwhile (a retry that succeeds soon is none); it ends when the channel delivers again and nothing failed
 * after that. Each bridge on the inbox looks, but an incident is one row ({@link AlertIncidents}) and each of its two
 * alerts (it began, it ended) is claimed by the one bridge that sends it. At most {@code alerts.max-per-hour} incident
 * alerts go out in an hour; the others wait their turn. Every alert is logged and counted; it is e-mailed to
 * {@code alerts.email-to} unless the failing channel is itself an e-mail one (the same SMTP server), and POSTed to
 * {@code alerts.webhook-url} when one is set.
 */
@Component("alerts")
public class ChannelAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelAlerts.class);
    /** The route in {@code routes/alerts.camel.yaml} that calls this bean. */
    static final String ROUTE = "alerts";

    private final AlertIncidents incidents;
    private final InboxRepository inbox;
    private final DeliveryChannels channels;
    private final AlertProperties properties;
    private final Clock clock;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final String statusPage;
    private final boolean mailConfigured;
    /** Before this, what went dead is this bridge's predecessor's to tell (it started after). */
    private final long startedAt;

    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean heldBack;

    public ChannelAlerts(
            AlertIncidents incidents,
            InboxRepository inbox,
            DeliveryChannels channels,
            AlertProperties properties,
            Clock clock,
            ObjectMapper json,
            MeterRegistry meters,
            Environment environment,
            @Value("${neoagent.public-admin-url:}") String publicAdminUrl) {
        this.incidents = incidents;
        this.inbox = inbox;
        this.channels = channels;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
        this.meters = meters;
        this.statusPage = blank(publicAdminUrl) ? null : publicAdminUrl.strip().replaceAll("/+$", "") + "/admin/status";
        this.mailConfigured =
                !blank(environment.getProperty("mail.host")) && !blank(environment.getProperty("mail.from"));
        this.startedAt = clock.millis();
        Gauge.builder("neoagent.alerts.open", open, AtomicInteger::get)
                .description("Channel incidents open: failing, not yet working again")
                .register(meters);
    }

    /**
     * One alert to send.
     *
     * @param channel   the channel it is about
     * @param kind      {@code dead}, {@code failing} or {@code recovered}
     * @param subject   its one line
     * @param text      the whole message, without personal data (reasons are masked)
     * @param byEmail   to be e-mailed to {@code alerts.email-to}
     * @param byWebhook to be POSTed to {@code alerts.webhook-url}
     */
    public record Alert(String channel, String kind, String subject, String text, boolean byEmail, boolean byWebhook) {}

    /** Says at start-up where alerts go, and when the routes in use cannot send them (exported before alerts). */
    @EventListener(ApplicationReadyEvent.class)
    public void sayWhereAlertsGo(ApplicationReadyEvent ready) {
        List<String> to = new ArrayList<>();
        if (!blank(properties.emailTo())) {
            to.add(mailConfigured ? "e-mail" : "e-mail (off: MAIL_HOST or MAIL_FROM is not set)");
        }
        if (!blank(properties.webhookUrl())) {
            to.add("the alert webhook");
        }
        CamelContext camel = ready.getApplicationContext()
                .getBeanProvider(CamelContext.class)
                .getIfAvailable();
        if (camel != null && camel.getRoute(ROUTE) == null) {
            LOG.warn(
                    "Alerts are off: the routes in use have no route {}. Routes exported before this version lack"
                            + " it: export the built-in routes again (export-routes) and carry your changes over",
                    ROUTE);
        } else {
            LOG.info(
                    "Alerts when a channel fails for {} or a delivery goes dead: to the log{}",
                    minutes(properties.failingFor()),
                    to.isEmpty()
                            ? " only (ALERT_EMAIL_TO, ALERT_WEBHOOK_URL unset)"
                            : " and " + String.join(" and ", to));
        }
    }

    /** Looks at every configured channel, opens and ends incidents, and returns the alerts this bridge claimed. */
    public List<Alert> due() {
        long now = clock.millis();
        for (DeliveryChannels.Channel channel : channels.all()) {
            if (channel.configured()) {
                try {
                    look(channel.name(), now);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "Could not check channel {} for alerts ({}): checked again later",
                            channel.name(),
                            PersonalData.mask(String.valueOf(e)));
                }
            }
        }
        List<Alert> alerts = new ArrayList<>();
        List<AlertIncidents.Incident> unannounced = incidents.unannounced();
        int budget = properties.maxPerHour()
                - incidents.alertedSince(now - Duration.ofHours(1).toMillis());
        for (AlertIncidents.Incident incident : unannounced) {
            if (budget <= 0) {
                if (!heldBack) {
                    LOG.warn(
                            "Alerts held back: {} incident alerts went out in the last hour (alerts.max-per-hour);"
                                    + " channel {} is told later if it still fails",
                            properties.maxPerHour(),
                            incident.channel());
                }
                heldBack = true;
                meters.counter("neoagent.alerts.held").increment();
                break;
            }
            if (incidents.claimAlert(incident.id(), now)) {
                budget--;
                alerts.add(began(incident, now));
            }
        }
        if (budget > 0) {
            heldBack = false;
        }
        for (AlertIncidents.Incident incident : incidents.unannouncedRecoveries()) {
            if (incidents.claimRecovery(incident.id(), now)) {
                alerts.add(ended(incident));
            }
        }
        open.set(incidents.allOpen().size());
        return alerts;
    }

    private void look(String channel, long now) {
        Optional<AlertIncidents.Incident> current = incidents.open(channel);
        Optional<Instant> lastSuccess = inbox.lastDelivered(channel);
        Optional<InboxRepository.ChannelFailure> lastFailure = inbox.lastFailure(channel);
        if (current.isPresent()) {
            long openedAt = current.get().openedAt();
            boolean works = lastSuccess
                    .filter(success -> success.toEpochMilli() > openedAt
                            && lastFailure
                                    .map(failure -> failure.at().isBefore(success))
                                    .orElse(true))
                    .isPresent();
            if (works) {
                incidents.close(current.get().id(), now);
            }
            return;
        }
        InboxRepository.ChannelBacklog backlog = inbox.channelBacklog(channel);
        long since = Math.max(startedAt, incidents.lastClosed(channel).orElse(0L));
        boolean wentDead =
                backlog.lastDead().filter(at -> at.toEpochMilli() > since).isPresent();
        long failingSince = now - properties.failingFor().toMillis();
        boolean failing = backlog.oldestWaiting()
                        .filter(at -> at.toEpochMilli() <= failingSince)
                        .isPresent()
                && lastSuccess.filter(at -> at.toEpochMilli() > failingSince).isEmpty()
                && lastFailure.isPresent();
        if (failing || wentDead) {
            String reason = lastFailure
                    .map(failure -> PersonalData.mask(failure.error()))
                    .orElse(null);
            incidents.open(channel, failing ? "failing" : "dead", now, reason);
        }
    }

    private Alert began(AlertIncidents.Incident incident, long now) {
        InboxRepository.ChannelBacklog backlog = inbox.channelBacklog(incident.channel());
        StringBuilder text = new StringBuilder();
        String subject;
        if (incident.kind().equals("failing")) {
            subject = "neoagent-lead-bridge: channel " + incident.channel() + " is failing";
            Instant oldest = backlog.oldestWaiting().orElse(Instant.ofEpochMilli(incident.openedAt()));
            text.append("Deliveries to ")
                    .append(incident.channel())
                    .append(" have been failing for ")
                    .append(minutes(Duration.between(oldest, Instant.ofEpochMilli(now))))
                    .append(" (the oldest waits since ")
                    .append(oldest.truncatedTo(ChronoUnit.SECONDS))
                    .append(").\n");
        } else {
            subject = "neoagent-lead-bridge: a delivery to " + incident.channel() + " is dead";
            text.append("A delivery to ")
                    .append(incident.channel())
                    .append(" failed for good and is dead: it is kept, and not tried again until it is replayed.\n");
        }
        text.append("\nReason: ")
                .append(incident.reason() == null ? "(none recorded)" : incident.reason())
                .append('\n');
        text.append("Waiting: ")
                .append(backlog.waiting())
                .append(" deliveries kept and retried; ")
                .append(backlog.dead())
                .append(" dead.\n");
        text.append("\nNothing is lost: the bridge keeps accepting events and keeps them until they are delivered.")
                .append(" Fix the cause (the reason above), then replay the dead deliveries");
        text.append(
                statusPage == null
                        ? " from the status page (/admin/status on the management port)."
                        : ": " + statusPage);
        text.append("\nYou are told once more when the channel works again.\n");
        return alert(incident.channel(), incident.kind(), subject, text.toString());
    }

    private Alert ended(AlertIncidents.Incident incident) {
        InboxRepository.ChannelBacklog backlog = inbox.channelBacklog(incident.channel());
        String subject = "neoagent-lead-bridge: channel " + incident.channel() + " works again";
        StringBuilder text = new StringBuilder()
                .append("Deliveries to ")
                .append(incident.channel())
                .append(" work again, ")
                .append(minutes(Duration.ofMillis(incident.closedAt() - incident.openedAt())))
                .append(" after the incident began.\n")
                .append("Waiting: ")
                .append(backlog.waiting())
                .append(" deliveries, going out now; ")
                .append(backlog.dead())
                .append(" dead");
        text.append(
                backlog.dead() == 0
                        ? ".\n"
                        : statusPage == null
                                ? " (replay them from the status page, /admin/status on the management port).\n"
                                : " (replay them: " + statusPage + ").\n");
        return alert(incident.channel(), "recovered", subject, text.toString());
    }

    private Alert alert(String channel, String kind, String subject, String text) {
        boolean emailChannel = channels.get(channel)
                .map(c -> c.requires().contains("mail.host"))
                .orElse(false);
        boolean byEmail = !blank(properties.emailTo()) && mailConfigured && !emailChannel;
        boolean byWebhook = !blank(properties.webhookUrl());
        if (!blank(properties.emailTo()) && emailChannel) {
            LOG.warn(
                    "Alert about {} not e-mailed: the channel that fails is e-mail itself (the same SMTP server){}",
                    channel,
                    byWebhook ? "; it goes to the alert webhook" : "");
        }
        meters.counter("neoagent.alerts", "kind", kind, "channel", channel).increment();
        return new Alert(channel, kind, subject, text, byEmail, byWebhook);
    }

    /** An alert went out (e-mail or webhook), or could not. */
    public void sent(Alert alert, String via, boolean ok) {
        meters.counter(ok ? "neoagent.alerts.sent" : "neoagent.alerts.failed", "via", via, "kind", alert.kind())
                .increment();
    }

    /** The alert as a Slack or Teams incoming webhook takes it: {@code {"text": ...}}. */
    public String webhookJson(Alert alert) throws com.fasterxml.jackson.core.JsonProcessingException {
        return json.writeValueAsString(Map.of("text", alert.subject() + "\n\n" + alert.text()));
    }

    private static String minutes(Duration duration) {
        long minutes = Math.max(1, duration.toMinutes());
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
