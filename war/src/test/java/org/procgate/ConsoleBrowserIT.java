package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium): an operator logs in, sees the
 * pools, watches a counter move under load and recycles a worker. The screenshot is kept as
 * {@code target/console.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PASSWORD = System.getProperty("procgate.test.admin.password");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ProcgateWar.archive();
    }

    @ArquillianResource
    URL url;

    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        assertThat(CHROMIUM).as("Debian package chromium (./procgate test installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (./procgate test installs it)").isExecutable();
        profile = Files.createTempDirectory("procgate-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anOperatorWatchesThePoolsAndRecyclesAWorker() throws Exception {
        Http http = new Http(url);
        String console = http.base().replace("http://", "http://admin:" + PASSWORD + "@") + "admin/";
        browser.get(console);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        WebElement env = wait.until(b -> b.findElement(By.id("pool-env")));
        wait.until(b -> env.findElement(By.cssSelector("[data-field=state]")).getText().equals("RUNNING"));
        assertThat(browser.findElements(By.cssSelector("section.pool"))).extracting(e -> e.getAttribute("data-pool"))
                .contains("search", "env", "cgi-bin");

        long before = accepted(env);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() ->
                IntStream.range(0, 30).forEach(i -> assertThat(http.get("fcgi/env/load/" + i).statusCode()).isEqualTo(200)));
        wait.until(b -> accepted(env) >= before + 10);
        load.get();
        wait.until(b -> !b.findElement(By.id("chart-throughput")).getAttribute("width").isEmpty()
                && !b.findElement(By.id("legend-throughput")).getText().isEmpty());

        String pid = wait.until(b -> env.findElements(By.cssSelector("tr[data-pid]")).stream().findFirst()
                .map(row -> row.getAttribute("data-pid")).orElse(null));
        env.findElement(By.cssSelector("tr[data-pid='" + pid + "'] button[data-action=recycle]")).click();
        wait.withMessage(() -> "worker " + pid + " still listed; the console says: "
                + env.findElement(By.cssSelector("[data-field=message]")).getText()).until(b -> {
            List<String> pids = env.findElements(By.cssSelector("tr[data-pid]")).stream()
                    .map(row -> row.getAttribute("data-pid")).toList();
            return !pids.contains(pid) && !pids.isEmpty();
        });

        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path kept = Path.of(System.getProperty("procgate.war")).getParent().resolve("console.png");
        Files.copy(shot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(kept)).isPositive();
    }

    private static long accepted(WebElement pool) {
        String text = pool.findElement(By.cssSelector("[data-field=acceptedRequests]")).getText();
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }
}
