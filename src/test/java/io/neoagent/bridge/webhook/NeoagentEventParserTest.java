package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeoagentEventParserTest {

    private final NeoagentEventParser parser = new NeoagentEventParser(1_048_576, 3);

    private List<NeoagentEvent> parse(String body) throws InvalidWebhookRequestException {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRejected(String body, String message) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(InvalidWebhookRequestException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidWebhookRequestException) e).getStatus())
                .isEqualTo(400);
    }

    @Test
    void shouldReadDocumentedFieldsOfTheSampleLead() throws Exception {
        NeoagentEvent event = parse(SignedRequest.LEAD).get(0);

        assertThat(event.type()).isEqualTo("Lead");
        assertThat(event.serialNumber()).isEqualTo("59001dd73709417321c58b11693183a2");
        assertThat(event.sessionId()).isEqualTo("31305");
        assertThat(event.firstName()).isEqualTo("David");
        assertThat(event.lastName()).isEqualTo("Garcia");
        assertThat(event.email()).isEqualTo("test@qq.com");
        assertThat(event.phoneNumber()).isEmpty();
        assertThat(event.createTime()).isEqualTo("2023-11-23T18:36:21.512302Z");
        assertThat(event.content()).isEqualTo("test");
        assertThat(event.uri()).isEqualTo("www.google.com");
        assertThat(event.payload()).isEqualTo(SignedRequest.LEAD);
        // sha256 of the payload, computed with: printf '%s' "$LEAD" | sha256sum
        assertThat(event.key()).isEqualTo("38121f96c8d2a23c083da0a78aed1611acec65c516346ace66304d5e5020b645");
    }

    @Test
    void shouldKeyEventsBySha256OfTheirJsonStringifyForm() throws Exception {
        NeoagentEvent compact = parse("{\"Type\":\"Lead\",\"n\":1}").get(0);
        NeoagentEvent pretty = parse("{ \"Type\" : \"Lead\",\n \"n\" : 1.0 }").get(0);

        assertThat(pretty.key()).isEqualTo(compact.key());
        // printf '%s' '{"Type":"Lead","n":1}' | sha256sum
        assertThat(compact.key()).isEqualTo("739fec539c73504b89c0c78c94dc91932fbb9ceb023f3600f8e8676c5d3b1146");
    }

    @Test
    void shouldKeepUnknownFieldsInThePayload() throws Exception {
        assertThat(parse("{\"Type\":\"Lead\",\"Extra\":{\"a\":[1,2]}}").get(0).payload())
                .isEqualTo("{\"Type\":\"Lead\",\"Extra\":{\"a\":[1,2]}}");
    }

    @Test
    void shouldAcceptSessionIdAsString() throws Exception {
        assertThat(parse("{\"ID session\":\"abc\"}").get(0).sessionId()).isEqualTo("abc");
    }

    @Test
    void shouldReadBatchInOrder() throws Exception {
        assertThat(parse("[{\"Type\":\"Lead\"},{\"Type\":\"Appointment\"}]"))
                .extracting(NeoagentEvent::type)
                .containsExactly("Lead", "Appointment");
    }

    @Test
    void shouldRejectBatchOverTheLimit() {
        assertRejected("[{},{},{},{}]", "batch holds more than 3 events");
    }

    @Test
    void shouldRejectDuplicateKeyAtAnyDepth() {
        assertRejected("{\"Type\":\"Lead\",\"Extra\":{\"a\":1,\"a\":2}}", "JSON object has a duplicate key");
    }

    @Test
    void shouldRejectOverlongNumber() {
        assertRejected(
                "{\"ID session\":" + "9".repeat(100) + "}",
                "JSON nested deeper than 16 levels or a number longer than 64 digits");
    }

    @Test
    void shouldRejectInvalidUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThatThrownBy(() -> parser.parse(body)).hasMessage("body is not valid UTF-8");
    }

    @Test
    void shouldRejectWrongTypeOfDocumentedField() {
        assertRejected("{\"Type\":1}", "event: Type must be a string");
        assertRejected("[{\"Type\":\"Lead\"},{\"Email\":[\"a\"]}]", "event 1 of the batch: Email must be a string");
        assertRejected("{\"ID session\":true}", "event: ID session must be a number or a string");
    }

    @Test
    void shouldAcceptNullForDocumentedFields() throws Exception {
        assertThat(parse("{\"Type\":null,\"ID session\":null}").get(0).type()).isNull();
    }
}
