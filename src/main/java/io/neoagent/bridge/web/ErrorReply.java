package io.neoagent.bridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/**
 * The bridge's one error body, {@code {"status":"error","message":"..."}}, on the webhook and the admin API alike:
 * a short message of the bridge's own, never a stack trace and never anything from the request. Written here only:
 * by the servlet filters ({@link #writeTo}), the error controller, and the webhook route's error reply
 * ({@code routes/webhook-errors.camel.yaml} calls {@link #json(int, String)}).
 */
public record ErrorReply(String status, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ErrorReply of(String message) {
        return new ErrorReply("error", message);
    }

    /**
     * The body of a refusal with HTTP {@code status}: {@code message}, or for a 500 (a fault of ours) only
     * {@code internal error}, never its details.
     */
    public static String json(int status, String message) {
        return of(status == 500 ? "internal error" : message).toJson();
    }

    /** This reply as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error reply is two strings: " + e.getMessage(), e);
        }
    }

    /** Answers with this body and {@code status}: for servlet filters, which answer before Spring MVC runs. */
    public void writeTo(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(toJson());
    }
}
