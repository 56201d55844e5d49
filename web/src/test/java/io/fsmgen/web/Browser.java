package io.fsmgen.web;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by Selenium: the
 * binary and the driver are given by path, so Selenium never tries to download either. Each session gets a fresh
 * profile directory, removed on close.
 *
 * <p>Where Chromium is not installed the browser tests are skipped with the command that installs it, except under
 * CI ({@code CI} set), where a missing browser is a failure: {@code .ci/run} installs it.
 */
final class Browser implements AutoCloseable {

    /** Generous: the machine is shared and loaded; waits end as soon as the condition holds. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final List<String> BROWSERS = List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start(int width, int height) throws IOException {
        Optional<String> binary = find("FSMGEN_CHROMIUM", BROWSERS);
        Optional<String> driverBinary = find("FSMGEN_CHROMEDRIVER", DRIVERS);
        if (binary.isEmpty() || driverBinary.isEmpty()) {
            String missing = "headless Chromium is not installed (" + (binary.isEmpty() ? "no chromium" : "")
                    + (binary.isEmpty() && driverBinary.isEmpty() ? ", " : "")
                    + (driverBinary.isEmpty() ? "no chromedriver" : "") + "): apt-get update && apt-get install -y"
                    + " chromium chromium-driver";
            if (System.getenv("CI") != null) {
                fail(missing + " (.ci/run installs them)");
            }
            assumeTrue(false, missing);
        }
        Path profile = Files.createTempDirectory("fsmgen-web-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.get());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--hide-scrollbars", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBinary.get()))
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(PATIENCE);
            driver.manage().timeouts().pageLoadTimeout(PATIENCE);
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    /** Waits, up to {@link #PATIENCE}, until {@code condition} returns something other than null or false. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).withMessage(what).until(condition);
    }

    /** Runs JavaScript in the page. */
    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static Optional<String> find(String variable, List<String> candidates) {
        String chosen = System.getenv(variable);
        if (chosen != null) {
            return Optional.of(chosen).filter(path -> Files.isExecutable(Path.of(path)));
        }
        return candidates.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst();
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
