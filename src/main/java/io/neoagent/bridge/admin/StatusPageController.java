package io.neoagent.bridge.admin;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.neoagent.bridge.catchup.NeoagentCatchUp;
import io.neoagent.bridge.delivery.DeliveryDispatcher;
import io.neoagent.bridge.inbox.DeliveryState;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.inbox.InboxRepository.Filter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status page for a person, on the management port: deliveries per state over the last days, the
 * failing deliveries with their reasons and a replay button, and the recent events (masked). Plain
 * server-rendered HTML from {@code admin/status.html.mustache}; the same data as the admin API.
 */
@RestController
@ManagementPortOnly
class StatusPageController {

    private static final int DAYS = 7;

    private final InboxRepository inbox;
    private final DeliveryDispatcher dispatcher;
    private final NeoagentCatchUp catchUp;
    private final AdminProperties properties;
    private final AdminSessionCookie sessions;
    private final Mustache status;
    private final Mustache login;

    StatusPageController(
            InboxRepository inbox,
            DeliveryDispatcher dispatcher,
            NeoagentCatchUp catchUp,
            AdminProperties properties,
            AdminSessionCookie sessions) {
        this.inbox = inbox;
        this.dispatcher = dispatcher;
        this.catchUp = catchUp;
        this.properties = properties;
        this.sessions = sessions;
        DefaultMustacheFactory templates = new DefaultMustacheFactory("admin");
        this.status = templates.compile("status.html.mustache");
        this.login = templates.compile("login.html.mustache");
    }

    @GetMapping(value = "/admin/status", produces = MediaType.TEXT_HTML_VALUE)
    String status(
            @RequestParam(required = false) String replayed,
            @RequestParam(name = "catch-up", required = false) String caughtUp) {
        Instant since = Instant.now().minus(Duration.ofDays(DAYS));
        List<InboxRepository.Delivery> dead = inbox.deliveries(Filter.inState(DeliveryState.DEAD, 100));
        List<InboxRepository.Delivery> retrying = inbox.deliveries(Filter.inState(DeliveryState.RETRYING, 100));
        List<InboxRepository.Delivery> held = inbox.deliveries(Filter.inState(DeliveryState.HELD, 100));
        List<InboxRepository.EventSummary> invalid = inbox.events(Filter.receivedSince(since, 50), true);
        Map<String, Object> scope = new java.util.HashMap<>();
        scope.put("days", DAYS);
        scope.put("counts", inbox.countsSince(since));
        scope.put("failing", concat(dead, retrying, held));
        scope.put("noFailing", dead.isEmpty() && retrying.isEmpty() && held.isEmpty());
        scope.put("events", inbox.events(Filter.latest(20), false));
        scope.put("invalid", invalid);
        scope.put("anyInvalid", !invalid.isEmpty());
        scope.put("replayed", replayed == null ? List.of() : List.of(replayed));
        scope.put("caughtUp", caughtUp == null ? List.of() : List.of(caughtUp));
        scope.put("catchUpOn", catchUp.enabled());
        scope.put("catchUp", catchUp.status());
        scope.put("now", Instant.now().toString());
        return render(status, scope);
    }

    /** The replay button: replays, then shows the page again (post, redirect, get). */
    @PostMapping("/admin/status/replay/{id}")
    ResponseEntity<Void> replay(@PathVariable long id) {
        int replayed = dispatcher.replay(id);
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header(HttpHeaders.LOCATION, "/admin/status?replayed=" + (replayed > 0 ? "delivery+" + id : "nothing"))
                .build();
    }

    /** The catch-up button: queues a chatbot's catch-up from the chosen date, then shows the page again. */
    @PostMapping("/admin/status/catch-up")
    ResponseEntity<Void> catchUp(@RequestParam String chatbot, @RequestParam String from) {
        String outcome;
        try {
            int pulls = catchUp.catchUpFrom(chatbot, LocalDate.parse(from));
            outcome = "chatbot " + chatbot + " from " + from + ", " + pulls + " daily pull(s) queued";
        } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException refused) {
            outcome = "not started: "
                    + (refused instanceof DateTimeParseException ? "from is not a date" : refused.getMessage());
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header(
                        HttpHeaders.LOCATION,
                        "/admin/status?catch-up=" + URLEncoder.encode(outcome, StandardCharsets.UTF_8))
                .build();
    }

    @GetMapping(value = "/admin/login", produces = MediaType.TEXT_HTML_VALUE)
    String loginPage(@RequestParam(required = false) String failed) {
        return render(login, Map.of("failed", failed == null ? List.of() : List.of(true)));
    }

    /**
     * Trades the admin token for a cookie a browser sends by itself (strict same-site, not readable by scripts) that
     * proves the token without carrying it: {@link AdminSessionCookie}.
     */
    @PostMapping("/admin/login")
    ResponseEntity<Void> login(@RequestParam(defaultValue = "") String token) {
        if (!properties.matches(token)) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .header(HttpHeaders.LOCATION, "/admin/login?failed")
                    .build();
        }
        ResponseCookie cookie = ResponseCookie.from(AdminSessionCookie.NAME, sessions.issue())
                .httpOnly(true)
                .sameSite("Strict")
                .path("/admin")
                .maxAge(AdminSessionCookie.LIFETIME)
                .build();
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .header(HttpHeaders.LOCATION, "/admin/status")
                .build();
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static String render(Mustache template, Map<String, Object> scope) {
        StringWriter html = new StringWriter();
        template.execute(html, scope);
        return html.toString();
    }
}
