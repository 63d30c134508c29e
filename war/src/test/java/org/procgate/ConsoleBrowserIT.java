package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium): an operator logs in, sees the
 * pools, watches a counter move under load, reads the charts (drawn by uPlot, values under the
 * cursor), is asked before a destructive action, and recycles a worker. Every control and chart
 * has an accessible name, and the console's Content-Security-Policy blocks nothing it needs. A
 * page of another site that makes the browser post to the console with the operator's cached
 * credentials is refused, and a viewer gets the console without action buttons. The screenshot is
 * kept as {@code target/console.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleBrowserIT {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final String PASSWORD = System.getProperty("procgate.test.admin.password");
    private static final String VIEWER_PASSWORD = System.getProperty("procgate.test.viewer.password");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ProcgateWar.archive();
    }

    @ArquillianResource
    URL url;

    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open();
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOperatorWatchesThePoolsAndRecyclesAWorker() throws Exception {
        Http http = new Http(url);
        String console = http.base().replace("http://", "http://admin:" + PASSWORD + "@") + "admin/";
        browser.get(console);
        // the console redraws its rows every second: a row read as it is replaced is simply read again
        WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class);

        WebElement env = wait.until(b -> b.findElement(By.id("pool-env")));
        wait.until(b -> env.findElement(By.cssSelector("[data-field=state]")).getText().equals("RUNNING"));
        assertThat(browser.findElements(By.cssSelector("section.pool"))).extracting(e -> e.getAttribute("data-pool"))
                .contains("search", "env", "cgi-bin");

        long before = accepted(env);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() ->
                IntStream.range(0, 30).forEach(i -> assertThat(http.get("fcgi/env/load/" + i).statusCode()).isEqualTo(200)));
        wait.until(b -> accepted(env) >= before + 10);
        load.get();
        wait.until(b -> env.findElements(By.cssSelector("tr[data-pid] td[data-cell=uri]")).stream()
                .anyMatch(cell -> cell.getText().startsWith("GET /procgate/fcgi/env/load/")));
        everyControlAndChartIsNamed(env);

        env.findElement(By.cssSelector("button[data-action=restart]")).click();
        answer(wait, env, "Drain and restart pool env?", false);
        assertThat(env.findElement(By.cssSelector("[data-field=message]")).getText()).isEqualTo("cancelled");
        env.findElement(By.cssSelector("button[data-action=resize]")).click();
        answer(wait, env, "Resize pool env to at most 2 workers?", false);

        String pid = wait.until(b -> env.findElements(By.cssSelector("tr[data-pid]")).stream().findFirst()
                .map(row -> row.getAttribute("data-pid")).orElse(null));
        env.findElement(By.cssSelector("tr[data-pid='" + pid + "'] button[data-action=recycle]")).click();
        answer(wait, env, "Recycle worker " + pid + " of pool env?", true);
        wait.withMessage(() -> "worker " + pid + " still listed; the console says: "
                + env.findElement(By.cssSelector("[data-field=message]")).getText()).until(b -> {
            List<String> pids = env.findElements(By.cssSelector("tr[data-pid]")).stream()
                    .map(row -> row.getAttribute("data-pid")).toList();
            return !pids.contains(pid) && !pids.isEmpty();
        });

        // last: once Selenium's pointer has hovered a chart, its clicks on other elements go astray
        chartsAreDrawnByUplotWithValuesOnHover(wait);
        nothingWasBlockedByTheContentSecurityPolicy();
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path kept = Path.of(System.getProperty("procgate.war")).getParent().resolve("console.png");
        Files.copy(shot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(kept)).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFormOfAnotherSiteCannotActWithTheOperatorsCredentials() throws Exception {
        Http http = new Http(url);
        String operator = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        // the operator has the console open: the browser holds the credentials for its origin
        browser.get(http.base().replace("http://", "http://admin:" + PASSWORD + "@") + "admin/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> b.findElement(By.id("pool-env")));
        long restarts = ((Number) JSON.fromJson(http.get("admin/api/pools/env", "Authorization", operator).body(), java.util.Map.class)
                .get("restarts")).longValue();

        // another site (localhost is another host than 127.0.0.1, so another site) posts a form there at once
        String target = http.base() + "admin/api/pools/env/restart";
        String attack = "<!DOCTYPE html><html><body><form method=\"post\" action=\"" + target + "\">"
                + "<input type=\"hidden\" name=\"x\" value=\"1\"></form>"
                + "<script>document.forms[0].submit()</script></body></html>";
        HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            byte[] page = attack.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        try {
            browser.get("http://localhost:" + site.getAddress().getPort() + "/");
            wait.withMessage(() -> "the form's answer; the browser shows " + browser.getCurrentUrl() + ": " + browser.getPageSource())
                    .until(b -> b.getCurrentUrl().startsWith(target)
                            && "complete".equals(((org.openqa.selenium.JavascriptExecutor) b).executeScript("return document.readyState")));
        } finally {
            site.stop(0);
        }
        assertThat(browser.getPageSource()).as("the browser sent the operator's credentials, and the guard refused the form")
                .contains("Cross-site request refused").contains("nothing was done");
        long after = ((Number) JSON.fromJson(http.get("admin/api/pools/env", "Authorization", operator).body(), java.util.Map.class)
                .get("restarts")).longValue();
        assertThat(after).as("pool env restarts").isEqualTo(restarts);
    }

    @Test
    void aViewerGetsTheConsoleWithoutActions() {
        Http http = new Http(url);
        browser.get(http.base().replace("http://", "http://viewer:" + VIEWER_PASSWORD + "@") + "admin/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        WebElement env = wait.until(b -> b.findElement(By.id("pool-env")));
        wait.until(b -> !env.findElements(By.cssSelector("tr[data-pid]")).isEmpty()
                || env.findElement(By.cssSelector("[data-field=state]")).getText().equals("RUNNING"));
        assertThat(browser.findElement(By.id("session")).getText()).isEqualTo("signed in as viewer (viewer: read only)");
        assertThat(browser.findElements(By.cssSelector("button, input"))).as("action controls").isEmpty();
        nothingWasBlockedByTheContentSecurityPolicy();
    }

    /** The console works under its policy: the browser reported no violation (it logs each as an error). */
    private void nothingWasBlockedByTheContentSecurityPolicy() {
        List<String> log = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
        assertThat(log).noneSatisfy(message -> assertThat(message).containsIgnoringCase("Content Security Policy"));
        assertThat(log).noneSatisfy(message -> assertThat(message).containsIgnoringCase("Refused to"));
    }

    private void chartsAreDrawnByUplotWithValuesOnHover(WebDriverWait wait) {
        assertThat(browser.executeScript("return typeof uPlot")).as("the charting library loaded").isEqualTo("function");
        for (String chart : List.of("throughput", "latency", "queue")) {
            WebElement figure = browser.findElement(By.id("chart-" + chart));
            wait.until(b -> !figure.findElements(By.cssSelector(".uplot .u-legend .u-series")).isEmpty());
            assertThat(figure.findElements(By.cssSelector(".uplot canvas"))).hasSize(1);
            wait.until(b -> figure.findElement(By.cssSelector(".summary")).getText().contains("env "));
        }
        WebElement throughput = browser.findElement(By.id("chart-throughput"));
        WebElement plot = throughput.findElement(By.cssSelector(".u-over"));
        new Actions(browser).moveToElement(plot, plot.getSize().getWidth() / 2 - 3, 0).perform(); // the latest second
        wait.withMessage("values under the cursor").until(b -> legendValue(throughput, "time").matches("\\d{1,2}:\\d\\d:\\d\\d.*")
                && legendValue(throughput, "env").matches("\\d+\\.\\d"));
    }

    private static String legendValue(WebElement chart, String series) {
        return chart.findElements(By.cssSelector(".u-legend .u-series")).stream()
                .filter(row -> row.findElement(By.cssSelector(".u-label")).getText().equals(series))
                .map(row -> row.findElement(By.cssSelector(".u-value")).getText()).findFirst().orElse("");
    }

    private void everyControlAndChartIsNamed(WebElement env) {
        assertThat(env.findElement(By.cssSelector("input[data-input=size]")).getAccessibleName()).isEqualTo("max workers");
        assertThat(env.findElement(By.cssSelector("button[data-action=restart]")).getAccessibleName())
                .isEqualTo("drain and restart pool env");
        assertThat(env.findElement(By.cssSelector("button[data-action=resize]")).getAccessibleName()).isEqualTo("resize pool env");
        assertThat(env.findElements(By.cssSelector("button[data-action=recycle]")))
                .allSatisfy(button -> assertThat(button.getAccessibleName()).matches("recycle worker \\d+"));
        assertThat(browser.findElements(By.cssSelector("input, button")))
                .allSatisfy(control -> assertThat(control.getAccessibleName()).isNotBlank());
        assertThat(browser.findElements(By.cssSelector("figure.chart")))
                .allSatisfy(chart -> assertThat(chart.getAccessibleName()).isNotBlank());
        assertThat(browser.findElements(By.cssSelector("figure.chart canvas")))
                .allSatisfy(canvas -> assertThat(canvas.getAccessibleName()).contains("per pool"));
    }

    /** A destructive action asks first; the question names what it acts on. */
    private static void answer(WebDriverWait wait, WebElement pool, String question, boolean yes) {
        Alert alert = wait.withMessage(() -> "no question asked; the console says: "
                + pool.findElement(By.cssSelector("[data-field=message]")).getText()).until(ExpectedConditions.alertIsPresent());
        assertThat(alert.getText()).startsWith(question);
        if (yes) {
            alert.accept();
        } else {
            alert.dismiss();
        }
    }

    private static long accepted(WebElement pool) {
        String text = pool.findElement(By.cssSelector("[data-field=acceptedRequests]")).getText();
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }
}
