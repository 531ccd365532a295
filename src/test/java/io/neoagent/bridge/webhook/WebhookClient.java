package io.neoagent.bridge.webhook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Real HTTP requests to a running bridge's webhook, as neoagent (or an attacker) would send them. */
public final class WebhookClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String path;

    public WebhookClient(int port, String path) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.path = path;
    }

    public WebhookClient(int port) {
        this(port, "/webhooks/neoagent");
    }

    /** Signs {@code body} now with the test key and posts it. */
    public HttpResponse<String> postSigned(String body) {
        return post(SignedRequest.of(body).at(Instant.now()));
    }

    public HttpResponse<String> post(SignedRequest request, String... extraHeaders) {
        return send(builder("")
                .header("Content-Type", "application/json")
                .header(NeoagentSignatureVerifier.HEADER, request.header())
                .headers(extraHeaders.length == 0 ? new String[] {"X-Test", "1"} : extraHeaders)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.bytes())));
    }

    /** Posts with a query string and headers of the caller's choice. */
    public HttpResponse<String> post(String query, SignedRequest request, String... extraHeaders) {
        return send(builder(query)
                .header("Content-Type", "application/json")
                .header(NeoagentSignatureVerifier.HEADER, request.header())
                .headers(extraHeaders)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.bytes())));
    }

    /** Posts {@code body} with no declared length (chunked transfer encoding). */
    public HttpResponse<String> postChunked(SignedRequest request) {
        byte[] bytes = request.bytes();
        return send(builder("")
                .header("Content-Type", "application/json")
                .header(NeoagentSignatureVerifier.HEADER, request.header())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    public HttpResponse<String> postRaw(String contentType, String body, String signature) {
        HttpRequest.Builder builder =
                builder("").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (signature != null) {
            builder.header(NeoagentSignatureVerifier.HEADER, signature);
        }
        return send(builder);
    }

    public HttpResponse<String> get() {
        return send(builder("").GET());
    }

    private HttpRequest.Builder builder(String query) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path + query)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
