package io.neoagent.bridge.webhook;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the streamed request body with its exact bytes, enforcing the content type (415) and the size
 * limit while reading (413), so a chunked body with no declared length cannot exceed it either.
 */
@Component("readWebhookBody")
class ReadWebhookBody implements Processor {

    private final int maxBodyBytes;

    ReadWebhookBody(NeoagentProperties properties) {
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        requireJson(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        Object body = exchange.getMessage().getBody();
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (body instanceof byte[] array) {
            bytes = array;
        } else {
            try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
                bytes = readAtMost(in, maxBodyBytes);
            }
        }
        if (bytes.length > maxBodyBytes) {
            throw InvalidWebhookRequestException.tooLarge(maxBodyBytes);
        }
        exchange.getMessage().setBody(bytes);
    }

    /** {@code application/json} or {@code application/*+json}; a charset, if given, must be UTF-8. */
    static void requireJson(String contentType) throws InvalidWebhookRequestException {
        if (contentType == null) {
            throw InvalidWebhookRequestException.unsupportedMediaType();
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException notAType) {
            throw InvalidWebhookRequestException.unsupportedMediaType();
        }
        boolean json = type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || (type.getType().equals("application") && type.getSubtype().endsWith("+json"));
        if (!json || type.isWildcardType() || type.isWildcardSubtype()) {
            throw InvalidWebhookRequestException.unsupportedMediaType();
        }
        String charset = type.getParameter("charset");
        if (charset != null) {
            try {
                if (!Charset.forName(charset.replace("\"", "")).equals(StandardCharsets.UTF_8)) {
                    throw InvalidWebhookRequestException.unsupportedMediaType();
                }
            } catch (IllegalArgumentException unknownCharset) {
                throw InvalidWebhookRequestException.unsupportedMediaType();
            }
        }
    }

    /** Up to {@code limit + 1} bytes: one more than allowed is enough to know the body is too large. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit + 1);
    }
}
