package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.securemqtt.common.Article;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticlePage;
import io.securemqtt.subscriber.ArticleSubscriber;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The subscriber's article page in a real browser, Debian's headless Chromium driven by Selenium
 * through Debian's chromedriver: articles published through a real Mosquitto over mutual TLS appear
 * on the page as they arrive, newest first, as text.
 *
 * <p>The browser must be installed ({@code apt-get install chromium chromium-driver}; {@code .ci/run}
 * does it): without it this test fails, it is never skipped.
 */
class ArticlePageBrowserTest {

    private static final String FOOTBALL = "articulos/+/futbol";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() {
        Path binary = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
        for (Path program : List.of(binary, driver)) {
            assertTrue(Files.isExecutable(program), program + " is missing: apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        // As root in a container: no sandbox; /dev/shm may be tiny there.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        // The driver named explicitly, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void articlesAppearAsTheyArriveNewestFirstWithTheCount() throws Exception {
        try (PageServer page = PageServer.start();
                ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of(FOOTBALL), page.page());
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            open(page);
            assertEquals("0", browser.findElement(By.id("count")).getText());

            Article first = Articles.football("marca");
            publisher.publish(first);
            WebElement firstRow = awaitRow(first);
            assertEquals(first.title(), firstRow.findElement(By.cssSelector("td.title")).getText());
            assertEquals("marca", firstRow.findElement(By.cssSelector("td.newspaper")).getText());
            assertEquals("futbol", firstRow.findElement(By.cssSelector("td.section")).getText());
            WebElement time = firstRow.findElement(By.cssSelector("td.time time"));
            assertEquals(first.publishedAt().toString(), time.getDomAttribute("datetime"));
            assertFalse(time.getText().isBlank(), "no time shown");
            awaitCount("1");

            Article second = Articles.football("as");
            publisher.publish(second);
            awaitRow(second);
            awaitCount("2");
            List<WebElement> rows = browser.findElements(By.cssSelector("#articles tr"));
            assertEquals(List.of(second.id(), first.id()), rows.stream().map(row -> row.getDomAttribute("data-id")).toList(),
                    "newest first");
            assertEquals("as", rows.get(0).findElement(By.cssSelector("td.newspaper")).getText());
        }
    }

    @Test
    void htmlInAnArticleIsShownAsText() throws Exception {
        String markup = "<img src=x onerror=alert(1)> <b>gol</b>";
        Article article = new Article(UUID.randomUUID().toString(), "eldiario", "futbol", markup, "<script>alert(2)</script>",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (PageServer page = PageServer.start();
                ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of(FOOTBALL), page.page());
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            open(page);
            publisher.publish(article);

            WebElement row = awaitRow(article);
            assertEquals(markup, row.findElement(By.cssSelector("td.title")).getText());
            assertTrue(browser.findElements(By.cssSelector("#articles img, #articles b")).isEmpty(), "the title became HTML");
            assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "the title's script ran");
        }
    }

    /** Opens the page and waits for its event stream, so what follows arrives live, not as the replay. */
    private static void open(PageServer page) {
        browser.get(page.url());
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("status"), "live"));
    }

    private static WebElement awaitRow(Article article) {
        return new WebDriverWait(browser, WAIT).withMessage("article " + article.id() + " on the page")
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#articles tr[data-id='" + article.id() + "']")));
    }

    private static void awaitCount(String count) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("count"), count));
    }

    /** The page on a JDK server of its own on 127.0.0.1, as the subscriber's HTTP server would serve it. */
    private record PageServer(ArticlePage page, HttpServer server) implements AutoCloseable {

        static PageServer start() throws IOException {
            ArticlePage page = new ArticlePage();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            page.register(server);
            server.start();
            return new PageServer(page, server);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            page.close();
            server.stop(0);
        }
    }
}
