package io.neoagent.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The status page in a real browser (Debian's headless Chromium, driven through chromedriver): sign in with
 * the admin token, find the dead delivery and its reason, replay it, see it delivered. Leaves a screenshot
 * in target/status-page.png.
 */
@BridgeTest
@EnabledIf(
        value = "chromiumInstalled",
        disabledReason = "no /usr/bin/chromium and /usr/bin/chromedriver: .ci/run installs them")
@TestPropertySource(properties = {"admin.token=browser-admin-token", BridgeTest.SALESFORCE, BridgeTest.FAST_POLL})
class StatusPageBrowserTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    static boolean chromiumInstalled() {
        return new File("/usr/bin/chromium").canExecute() && new File("/usr/bin/chromedriver").canExecute();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    private static WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static WebElement visible(WebDriver browser, By element) {
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(element));
    }

    @Test
    void shouldShowADeadDeliveryAndReplayItFromTheBrowser() throws Exception {
        SALESFORCE.answerLeads(
                400,
                "[{\"message\":\"Required fields are missing: [Company]\",\"errorCode\":\"REQUIRED_FIELD_MISSING\"}]");
        new WebhookClient(port).postSigned(SignedRequest.LEAD);
        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20)).until(() -> "dead".equals(inbox.onlyDeliveryState()));
        long id = ((Number) inbox.onlyDelivery().get("id")).longValue();
        SALESFORCE.reset();

        WebDriver browser = browser();
        try {
            browser.get("http://127.0.0.1:" + managementPort + "/admin/status");
            assertThat(browser.getCurrentUrl()).endsWith("/admin/login");
            browser.findElement(By.id("token")).sendKeys("browser-admin-token");
            browser.findElement(By.id("sign-in")).click();

            // A click that submits a form returns before the next page has loaded: wait for what the next page shows.
            String row = visible(browser, By.id("delivery-" + id)).getText();
            assertThat(browser.getCurrentUrl()).endsWith("/admin/status");
            assertThat(row).contains("salesforce-lead", "dead", "REQUIRED_FIELD_MISSING");
            assertThat(browser.findElement(By.id("events")).getText())
                    .contains("David G.", "t***@qq.com")
                    .doesNotContain("test@qq.com");
            Path screenshot =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(screenshot, Path.of("target", "status-page.png"), StandardCopyOption.REPLACE_EXISTING);

            browser.findElement(By.id("replay-" + id)).click();

            assertThat(visible(browser, By.id("replay-notice")).getText()).contains("delivery " + id);
            await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(inbox.onlyDeliveryState()));
            browser.navigate().refresh();
            assertThat(visible(browser, By.id("no-failing")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("counts")).getText()).contains("salesforce-lead 0 0 1 0 0");
        } finally {
            browser.quit();
        }
    }
}
