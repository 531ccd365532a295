package io.neoagent.bridge.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

import java.io.IOException;

/**
 * The bridge's one error body, {@code {"status":"error","message":"..."}}, on the webhook and the admin API alike:
 * a short message of the bridge's own, never a stack trace and never anything from the request. (The webhook
 * route writes the same shape in {@code routes/webhook-error-reply.camel.yaml}.)
 */
public record ErrorReply(String status, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ErrorReply of(String message) {
        return new ErrorReply("error", message);
    }

    /** Answers with this body and {@code status}: for servlet filters, which answer before Spring MVC runs. */
    public void writeTo(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(JSON.writeValueAsString(this));
    }
}
