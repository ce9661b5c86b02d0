package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;
import static org.clearway.routes.ExpressFixtures.post;
import static org.clearway.routes.ExpressFixtures.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The operator console in a real headless Chromium (the system's chromium and chromedriver, no
 * download): a consignment that came through two channels (express shipment fused with a platform
 * order) shows both in its timeline and its signature verifies; an operator replays a dead
 * letter, a viewer sees no replay and is refused one; the live charts draw bars from the trace.
 * Screenshots go to {@code target/console-screenshots/}. Skipped when /usr/bin/chromium is absent.
 */
class ConsoleBrowserIT extends GatewayIT {
    private static final Logger log = LoggerFactory.getLogger(ConsoleBrowserIT.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    @Autowired
    JdbcClient jdbc;

    private WebDriver driver;

    @BeforeAll
    static void needsChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            log.warn("ConsoleBrowserIT SKIPPED: {} or {} is missing (apt-get install chromium chromium-driver)",
                    CHROMIUM, CHROMEDRIVER);
        }
        Assumptions.assumeTrue(present, "console browser tests need " + CHROMIUM + " and " + CHROMEDRIVER);
    }

    @BeforeEach
    void browser() throws Exception {
        // the system's driver and browser: Selenium Manager has nothing to look up or download
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
        driver = new ChromeDriver(service, options);
        // a click on a submit button returns before the next page has loaded: finds wait for it
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void aConsignmentFromTwoChannelsShowsBothInItsTimelineAndItsSignatureVerifies() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        String orderId = "CONSOLE-" + hwb;
        putOrder(order(orderId, hwb));
        JsonNode accepted = json(post(port, "/v1/express/shipments", "console-" + hwb, s));
        String declarationId = accepted.get("declarationId").asText();
        awaitDelivered(declarationId);

        login("viewer", "viewer-dev-only");
        driver.get(base() + "/console/search");
        driver.findElement(By.id("hwb")).sendKeys(hwb.substring(0, 2) + "-" + hwb.substring(2).toLowerCase());
        driver.findElement(By.id("search")).click();
        List<WebElement> rows = driver.findElements(By.cssSelector("#hits tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains(declarationId, "EXPRESS", hwb, "DEMO-PLATFORM/" + orderId, "DELIVERED");
        shot("01-search-by-house-waybill");

        // the order id finds the same consignment
        driver.get(base() + "/console/search?order=" + orderId);
        assertThat(driver.findElement(By.id("hits")).getText()).contains(declarationId);
        assertThat(driver.findElement(By.id("orders")).getText()).contains(orderId, declarationId);

        driver.findElement(By.linkText(declarationId)).click();
        String timeline = driver.findElement(By.id("timeline")).getText();
        List<String> channels = driver.findElements(By.cssSelector("#timeline tbody tr td:nth-child(3)")).stream()
                .map(WebElement::getText).distinct().toList();
        assertThat(channels).contains("EXPRESS", "PLATFORM");
        assertThat(timeline).contains("DEMO-EXPRESS", "DEMO-PLATFORM", "order " + orderId, "order-fused", "signed",
                "delivered");
        shot("02-consignment-timeline");

        driver.findElement(By.cssSelector("#emissions button.verify")).click();
        WebElement verification = driver.findElement(By.id("verification"));
        assertThat(verification.getText()).contains("VALID", "ok");
        assertThat(verification.getAttribute("class")).isEqualTo("ok");
        shot("03-signature-verified");

        // the signed bytes download is the stored emission, byte for byte
        String gmid = jdbc.sql("select gateway_message_id from emission where declaration_id = ?")
                .param(declarationId).query(String.class).list().get(0);
        byte[] stored = jdbc.sql("select body from emission where gateway_message_id = ?").param(gmid)
                .query((rs, n) -> rs.getBytes(1)).single();
        Object fetched = ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch('/console/emissions/' + arguments[0] + '/body').then(r => r.text()).then(done);", gmid);
        assertThat(((String) fetched).getBytes(StandardCharsets.UTF_8)).isEqualTo(stored);

        driver.get(base() + "/console");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.findElement(By.id("chart-stage")).getAttribute("data-bars") != null
                        && d.findElement(By.id("chart-partner")).getAttribute("data-bars") != null);
        assertThat(Integer.parseInt(driver.findElement(By.id("chart-stage")).getAttribute("data-bars"))).isPositive();
        assertThat(Integer.parseInt(driver.findElement(By.id("chart-partner")).getAttribute("data-bars"))).isPositive();
        assertThat(driver.findElement(By.id("chart-stage")).getText()).contains("parse", "sign", "deliver");
        assertThat(driver.findElement(By.id("chart-partner")).getText()).contains("DEMO-EXPRESS");
        assertThat(driver.findElement(By.id("latency")).getText()).contains("sign", "deliver");
        assertThat(driver.findElement(By.id("queues")).getText()).contains("gw.parse", "gw.sign.DLQ");
        shot("04-overview-charts");

        driver.get(base() + "/console/partners");
        assertThat(driver.findElement(By.id("partners")).getText()).contains("DEMO-EXPRESS", "DEMO-PLATFORM", "REST");
        assertThat(driver.findElement(By.id("certificates")).getText()).contains("declaration signing (current)",
                "AS2 AS2-POST");
        shot("05-partners");

        driver.get(base() + "/console/decisions");
        shot("06-decisions");
    }

    @Test
    void anOperatorReplaysADeadLetterAndAViewerCannot() throws Exception {
        String marker = "console-dlq-" + UUID.randomUUID();
        try (Connection c = connectionFactory.createConnection();
             Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue("gw.sign"));
            Message m = session.createTextMessage("{\"not\":\"a declaration\"}");
            m.setStringProperty("clearway_ingress_id", marker);
            producer.send(m);
        }
        awaitDeadLetters(marker, 1);

        login("viewer", "viewer-dev-only");
        driver.get(base() + "/console/dead-letters");
        WebElement row = rowWith(marker);
        assertThat(row.getText()).contains("not a canonical declaration");
        assertThat(row.findElements(By.cssSelector("button.replay"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("button.replay"))).isEmpty();
        shot("07-dead-letters-viewer");
        // a forged replay with the viewer's own session and token is refused and moves nothing
        String csrf = driver.findElement(By.name("_csrf")).getAttribute("value");
        Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch('/console/dead-letters/gw.sign/replay', {method: 'POST', body: new URLSearchParams({_csrf: arguments[0]})})"
                        + ".then(r => done(r.status));", csrf);
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(replays()).isZero();
        logout();

        login("operator", "operator-dev-only");
        driver.get(base() + "/console/dead-letters");
        rowWith(marker).findElement(By.linkText("Inspect")).click();
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("not a canonical declaration", marker,
                "{\"not\":\"a declaration\"}");
        shot("08-dead-letter-inspect");
        driver.get(base() + "/console/dead-letters");
        assertThat(rowWith(marker).findElements(By.cssSelector("button.danger"))).as("only admins discard").isEmpty();
        rowWith(marker).findElement(By.cssSelector("button.replay")).click();
        assertThat(driver.findElement(By.id("notice")).getText()).contains("Replayed 1 from gw.sign.DLQ");
        shot("09-dead-letter-replayed");
        assertThat(replays()).isEqualTo(1);
        // back on gw.sign it fails again (it is still broken) and is dead-lettered anew
        awaitDeadLetters(marker, 1);
        assertThat(jdbc.sql("select count(*) from trace_event where stage = 'admin' and event = 'dlq-replayed' and detail like ?")
                .param("%by console user operator%").query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    private long replays() {
        return jdbc.sql("select count(*) from trace_event where stage = 'admin' and event = 'dlq-replayed' and detail like ?")
                .param("%by console user%").query(Long.class).single();
    }

    private WebElement rowWith(String text) {
        return driver.findElements(By.cssSelector("tbody tr")).stream().filter(r -> r.getText().contains(text))
                .findFirst().orElseThrow(() -> new AssertionError("no row with " + text));
    }

    private void awaitDeadLetters(String marker, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = Http.get(port, "/v1/admin/dead-letters/gw.sign?limit=1000", "it-admin-key-0123");
            if (r.body().split(marker, -1).length - 1 >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no dead letter " + marker);
    }

    private void awaitDelivered(String declarationId) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Long n = jdbc.sql("select count(*) from declaration_revision where declaration_id = ? and state = 'DELIVERED'")
                    .param(declarationId).query(Long.class).single();
            if (n > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(declarationId + " not delivered");
    }

    private void login(String user, String password) {
        driver.get(base() + "/console/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        List<WebElement> who = driver.findElements(By.cssSelector(".who"));
        assertThat(who).as("logged in as %s; at %s: %s", user, driver.getCurrentUrl(), driver.getPageSource()).isNotEmpty();
        assertThat(who.get(0).getText()).contains(user);
    }

    private void logout() {
        driver.findElement(By.cssSelector(".who button")).click();
        // the click returns before the POST's navigation has finished: wait for the login page
        long deadline = System.currentTimeMillis() + 10_000;
        while (!driver.getCurrentUrl().endsWith("/console/login") && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(driver.getCurrentUrl()).endsWith("/console/login");
    }

    private void shot(String name) throws Exception {
        // the whole page, beyond the window (DevTools through chromedriver; no CDP bindings needed)
        Number height = (Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        java.util.Map<String, Object> shot = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot",
                java.util.Map.of("format", "png", "captureBeyondViewport", true, "clip", java.util.Map.of(
                        "x", 0, "y", 0, "width", 1440, "height", Math.min(height.intValue(), 6000), "scale", 1)));
        Files.write(SHOTS.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private ObjectNode order(String orderId, String hwb) throws Exception {
        String line1 = JsonSamples.text("platform-orders.ndjson").lines().findFirst().orElseThrow();
        ObjectNode order = (ObjectNode) JSON.readTree(line1);
        order.put("orderId", orderId);
        order.putArray("shipments").add(JSON.createObjectNode().put("carrierCode", "ACME").put("trackingNumber", hwb));
        return order;
    }

    private void putOrder(ObjectNode order) throws Exception {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(
                        URI.create(base() + "/v1/platform/orders/" + order.get("orderId").asText()))
                .header("Authorization", "Bearer demo-platform-key").header("Content-Type", "application/json")
                .header("Idempotency-Key", "console-" + order.get("orderId").asText())
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(order), StandardCharsets.UTF_8)).build());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }
}
