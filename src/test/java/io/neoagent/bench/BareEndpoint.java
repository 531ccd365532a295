package io.neoagent.bench;

import io.neoagent.bridge.webhook.NeoagentSignatureVerifier;
import io.neoagent.bridge.webhook.SignatureVerificationException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ceiling for this stack in the benchmark: a bare Spring Boot endpoint (Spring MVC on the same embedded
 * Tomcat as the bridge) that verifies the signature with the bridge's own verifier and replies success,
 * storing nothing. No Camel, no database.
 *
 * <p>Usage: {@code BareEndpoint --server.port=<port>} with the key in BENCH_SIGNING_KEY.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
    ServletWebServerFactoryAutoConfiguration.class,
    EmbeddedWebServerFactoryCustomizerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class
})
@RestController
public class BareEndpoint {

    private static final String SUCCESS = "{\"status\":\"success\"}";

    private final NeoagentSignatureVerifier verifier = new NeoagentSignatureVerifier(
            List.of(System.getenv("BENCH_SIGNING_KEY")), Duration.ofSeconds(300), Clock.systemUTC());

    @PostMapping(path = "/webhooks/neoagent", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> receive(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = NeoagentSignatureVerifier.HEADER, required = false) String signature) {
        try {
            verifier.verify(body == null ? new byte[0] : body, signature);
            return ResponseEntity.ok(SUCCESS);
        } catch (SignatureVerificationException e) {
            return ResponseEntity.status(401).body("{\"status\":\"error\",\"message\":\"invalid signature\"}");
        }
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BareEndpoint.class);
        // the project folder's application.yaml configures the bridge, not this endpoint
        System.setProperty("spring.config.location", "optional:classpath:/bench-bare-endpoint.yaml");
        application.run(args);
    }
}
