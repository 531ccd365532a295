package io.neoagent.bridge.admin;

import io.neoagent.bridge.catchup.NeoagentCatchUp;
import io.neoagent.bridge.delivery.DeliveryDispatcher;
import io.neoagent.bridge.inbox.DeliveryState;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.web.ErrorReply;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API on the management port: what arrived, where it went, what failed and why, and replay.
 * Lists mask personal data; the single-event view shows the event in full.
 */
@RestController
@ManagementPortOnly
@RequestMapping("/admin")
class AdminController {

    private static final int MAX_LIMIT = 500;

    private final InboxRepository inbox;
    private final DeliveryDispatcher dispatcher;
    private final NeoagentCatchUp catchUp;

    AdminController(InboxRepository inbox, DeliveryDispatcher dispatcher, NeoagentCatchUp catchUp) {
        this.inbox = inbox;
        this.dispatcher = dispatcher;
        this.catchUp = catchUp;
    }

    @GetMapping("/events")
    List<InboxRepository.EventSummary> events(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String chatbot,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant until,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "false") boolean invalid) {
        return inbox.events(filter(state, channel, chatbot, type, since, until, limit), invalid);
    }

    @GetMapping("/events/{id}")
    ResponseEntity<?> event(@PathVariable long id) {
        return inbox.event(id)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "no event " + id));
    }

    @GetMapping("/deliveries")
    List<InboxRepository.Delivery> deliveries(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String chatbot,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(defaultValue = "50") int limit) {
        return inbox.deliveries(filter(state, channel, chatbot, null, since, null, limit));
    }

    @GetMapping("/counts")
    Map<String, Object> counts() {
        return inbox.counts();
    }

    /** Sends one dead or held delivery out again. */
    @PostMapping("/deliveries/{id}/replay")
    Map<String, Integer> replay(@PathVariable long id) {
        return Map.of("replayed", dispatcher.replay(id));
    }

    /** Sends every dead or held delivery of a channel out again. */
    @PostMapping("/deliveries/replay")
    Map<String, Integer> replayChannel(@RequestParam String channel) {
        return Map.of("replayed", dispatcher.replayChannel(channel));
    }

    /** Each chatbot's catch-up from neoagent's lead list: last successful pull, last failure, next pull. */
    @GetMapping("/catch-up")
    Map<String, Object> catchUp() {
        return Map.of("on", catchUp.enabled(), "chatbots", catchUp.status());
    }

    /**
     * Catches a chatbot up from a date (YYYY-MM-DD, UTC) to today, one pull per day, starting within seconds:
     * after an outage longer than the periodic pull's window.
     */
    @PostMapping("/catch-up")
    ResponseEntity<?> catchUpFrom(
            @RequestParam String chatbot, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from) {
        try {
            int pulls = catchUp.catchUpFrom(chatbot, from);
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("chatbot", chatbot, "from", from.toString(), "pulls", pulls));
        } catch (IllegalStateException off) {
            return error(HttpStatus.CONFLICT, off.getMessage());
        }
    }

    private static InboxRepository.Filter filter(
            String state, String channel, String chatbot, String type, Instant since, Instant until, int limit) {
        // an unknown state is refused with the states there are (400)
        return new InboxRepository.Filter(
                state == null ? null : DeliveryState.of(state),
                channel,
                chatbot,
                type,
                since,
                until,
                Math.max(1, Math.min(limit, MAX_LIMIT)));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler({
        IllegalArgumentException.class,
        org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
        org.springframework.web.bind.MissingServletRequestParameterException.class
    })
    ResponseEntity<ErrorReply> badRequest(Exception e) {
        String message = e instanceof IllegalArgumentException ? e.getMessage() : "invalid or missing parameter";
        return error(HttpStatus.BAD_REQUEST, message);
    }

    private static ResponseEntity<ErrorReply> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(ErrorReply.of(message));
    }
}
