package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** A real, headless Chromium (Debian's) driven through chromedriver, with a profile of its own removed on close. */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver browser;
    private final Path profile;

    private HeadlessChromium(ChromeDriver browser, Path profile) {
        this.browser = browser;
        this.profile = profile;
    }

    static HeadlessChromium open() throws IOException {
        assertThat(CHROMIUM).as("Debian package chromium (./procgate test installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (./procgate test installs it)").isExecutable();
        Path profile = Files.createTempDirectory("procgate-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1100", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(browser, profile);
    }

    ChromeDriver driver() {
        return browser;
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
