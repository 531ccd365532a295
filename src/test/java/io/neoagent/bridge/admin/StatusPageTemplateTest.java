package io.neoagent.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mustachejava.DefaultMustacheFactory;
import io.neoagent.bridge.inbox.DeliveryState;
import io.neoagent.bridge.inbox.InboxRepository.Delivery;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status page's template shows a delivery's state as the API does, and offers replay only where it applies. */
class StatusPageTemplateTest {

    private static final Instant AT = Instant.parse("2026-01-10T12:00:00Z");

    @Test
    void shouldShowEachFailingDeliveryWithItsStateAndAReplayButtonOnlyWhenReplayable() {
        String html = render(List.of(
                delivery(7, DeliveryState.DEAD), delivery(8, DeliveryState.RETRYING), delivery(9, DeliveryState.HELD)));

        assertThat(html)
                .contains(
                        "<td class=\"state-dead\">dead</td>",
                        "<td class=\"state-retrying\">retrying</td>",
                        "<td class=\"state-held\">held</td>",
                        "id=\"replay-7\"",
                        "id=\"replay-9\"")
                .doesNotContain("id=\"replay-8\"");
    }

    private static Delivery delivery(long id, DeliveryState state) {
        return new Delivery(id, 1, "salesforce-lead", state, 3, AT, "REQUIRED_FIELD_MISSING", null, AT, AT, "A");
    }

    private static String render(List<Delivery> failing) {
        StringWriter html = new StringWriter();
        new DefaultMustacheFactory("admin")
                .compile("status.html.mustache")
                .execute(
                        html,
                        Map.of(
                                "days",
                                7,
                                "counts",
                                List.of(),
                                "failing",
                                failing,
                                "noFailing",
                                false,
                                "events",
                                List.of(),
                                "invalid",
                                List.of(),
                                "anyInvalid",
                                false,
                                "replayed",
                                List.of(),
                                "now",
                                AT.toString()));
        return html.toString();
    }
}
