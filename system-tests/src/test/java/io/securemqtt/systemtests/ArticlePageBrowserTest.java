package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.testing.Await;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.selenium.BrowserWebDriverContainer;
import org.testcontainers.utility.DockerImageName;

import io.securemqtt.common.article.Article;

/**
 * The subscriber's article page in a real browser: headless Chromium in Selenium's container, the
 * real subscriber jar in a JRE container (see {@link SubscriberContainer}), both on one Docker network
 * with the broker, as Compose runs them. Articles published through a real Mosquitto over mutual TLS
 * appear on the page as they arrive, newest first, as text. Nothing runs on the host but Docker.
 *
 * <p>The browser asks for {@code http://subscriber:8080/}: the page is served to that Host only
 * because the subscriber's {@code HTTP_ALLOWED_HOSTS} names it.
 */
class ArticlePageBrowserTest {

    /** Multi-arch, so it runs on arm64 laptops too; its Selenium matches our selenium-java. */
    static final DockerImageName BROWSER = DockerImageName.parse("selenium/standalone-chromium:4.49.0")
            .asCompatibleSubstituteFor("selenium/standalone-chrome");
    private static final String BROKER_ALIAS = "mosquitto";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** How page.js writes a latency: milliseconds below a second, then seconds with a tenth. */
    private static final Pattern LATENCY = Pattern.compile("\\d+ ms|\\d+\\.\\d s");

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    private static final Network network = Network.newNetwork();
    private static BrowserWebDriverContainer chromium;
    private static WebDriver browser;
    private static boolean brokerOnNetwork;

    @BeforeAll
    static void openBrowser() {
        // The broker, started by its extension, joins the network under the name its certificate has.
        docker().connectToNetworkCmd().withNetworkId(network.getId()).withContainerId(broker.container().getContainerId())
                .withContainerNetwork(new ContainerNetwork().withAliases(BROKER_ALIAS)).exec();
        brokerOnNetwork = true;
        chromium = new BrowserWebDriverContainer(BROWSER)
                .withNetwork(network)
                .withRecordingMode(BrowserWebDriverContainer.VncRecordingMode.SKIP, null);
        chromium.start();
        // The image's browser runs unprivileged in a container: no sandbox of its own there.
        ChromeOptions options = new ChromeOptions()
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        browser = new RemoteWebDriver(chromium.getSeleniumAddress(), options);
    }

    @AfterAll
    static void closeBrowser() {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (chromium != null) {
                chromium.stop();
            }
        } finally {
            // The broker's extension stops it after this: the network must let go of it first.
            if (brokerOnNetwork) {
                docker().disconnectFromNetworkCmd().withNetworkId(network.getId())
                        .withContainerId(broker.container().getContainerId()).withForce(true).exec();
            }
            network.close();
        }
    }

    @Test
    void articlesAppearAsTheyArriveNewestFirstWithTheCount() throws Exception {
        try (SubscriberContainer subscriber = startSubscriber();
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            open(subscriber);
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
            Await.until(() -> subscriber.getLogs().contains("football article received: topic=articulos/marca/futbol id=" + first.id()),
                    WAIT, "the subscriber never logged the article the page shows");

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
    void theFiguresShowWhatArrivedItsLatencyTheConnectionAndTheCertificatesDaysLeft() throws Exception {
        Instant beforeStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (SubscriberContainer subscriber = startSubscriber();
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            Instant started = Instant.now();
            open(subscriber);
            awaitText("last-minute", "0");
            assertEquals("0", text("last-hour"));
            assertEquals(60, chartBars().size(), "one bar a minute for the hour");
            assertEquals(0, chartTotal());
            assertEquals("no article in the last hour", text("latency-over"));

            // Connected since it subscribed, by the subscriber's clock (the same host's as ours).
            WebElement connection = browser.findElement(By.id("connection"));
            assertTrue(connection.getText().startsWith("connected since "), connection.getText());
            Instant since = Instant.ofEpochMilli(Long.parseLong(connection.getDomAttribute("data-since")));
            assertFalse(since.isBefore(beforeStart) || since.isAfter(started), "connected since " + since);

            // Days left as the subscriber's own certificate says: whole days shown, the fraction kept.
            double daysLeft = Duration.between(Instant.now(), notAfter(broker.pki().cert(ShadedProgram.SUBSCRIBER.identity())))
                    .toSeconds() / 86_400.0;
            WebElement days = browser.findElement(By.id("certificate-days"));
            assertEquals(String.valueOf((long) Math.floor(daysLeft)), days.getText());
            assertEquals(daysLeft, Double.parseDouble(days.getDomAttribute("data-days-left")), 0.01);

            publishAndSeeItCounted(publisher, Articles.football("marca"), 1);
            assertEquals(text("latency-p50"), text("latency-p99"), "one article: its own median and p99");
            publishAndSeeItCounted(publisher, Articles.football("as"), 2);
            // Both in this minute or the one before (when they straddle a minute's change).
            List<Bar> bars = chartBars();
            assertTrue(bars.stream().filter(bar -> bar.count() > 0).allMatch(bar -> bar.minutesAgo() <= 1), bars.toString());
            assertEquals(0, bars.get(59).minutesAgo(), "this minute on the right");
        }
    }

    @Test
    void htmlInAnArticleIsShownAsText() throws Exception {
        String markup = "<img src=x onerror=alert(1)> <b>gol</b>";
        Article article = new Article(UUID.randomUUID().toString(), "eldiario", "futbol", markup, "<script>alert(2)</script>",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (SubscriberContainer subscriber = startSubscriber();
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            open(subscriber);
            publisher.publish(article);

            WebElement row = awaitRow(article);
            assertEquals(markup, row.findElement(By.cssSelector("td.title")).getText());
            assertTrue(browser.findElements(By.cssSelector("#articles img, #articles b")).isEmpty(), "the title became HTML");
            assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "the title's script ran");
        }
    }

    /** The real subscriber, with a client id of its own: no test sees another's articles. */
    private static SubscriberContainer startSubscriber() {
        SubscriberContainer subscriber = new SubscriberContainer(network, BROKER_ALIAS, broker.pki(),
                "subscriber-browser-" + UUID.randomUUID().toString().substring(0, 8));
        subscriber.start();
        return subscriber;
    }

    /** Opens the page and waits for its event stream, so what follows arrives live, not as the replay. */
    private static void open(SubscriberContainer subscriber) {
        browser.get(subscriber.pageUrl());
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("status"), "live"));
    }

    private static WebElement awaitRow(Article article) {
        return new WebDriverWait(browser, WAIT).withMessage("article " + article.id() + " on the page")
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#articles tr[data-id='" + article.id() + "']")));
    }

    private static void awaitCount(String count) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("count"), count));
    }

    /** Publishes {@code article} and waits for the figures to count it, the {@code received}th article. */
    private static void publishAndSeeItCounted(ArticlePublisher publisher, Article article, int received) throws Exception {
        publisher.publish(article);
        awaitRow(article);
        awaitText("last-minute", Integer.toString(received));
        assertEquals(Integer.toString(received), text("last-hour"));
        awaitChartTotal(received);
        assertEquals("over the last hour: " + received + (received == 1 ? " article" : " articles"), text("latency-over"));
        assertTrue(LATENCY.matcher(text("latency-p50")).matches(), text("latency-p50"));
        assertTrue(LATENCY.matcher(text("latency-p99")).matches(), text("latency-p99"));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** Waits for the element's text: the figures follow the articles within a second, and every 5 s anyway. */
    private static void awaitText(String id, String text) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id(id), text));
    }

    /** One bar of the chart: its articles, and how many minutes ago (0: this minute). */
    private record Bar(long count, long minutesAgo) {
    }

    /** The chart's bars, read in one go: page.js draws them anew at every refresh, so elements found earlier go stale. */
    private static List<Bar> chartBars() {
        List<?> bars = (List<?>) ((JavascriptExecutor) browser).executeScript("return Array.from(document.querySelectorAll('#chart rect'),"
                + " bar => [Number(bar.dataset.count), Number(bar.dataset.minutesAgo)]);");
        return bars.stream().map(bar -> (List<?>) bar)
                .map(bar -> new Bar(((Number) bar.get(0)).longValue(), ((Number) bar.get(1)).longValue()))
                .toList();
    }

    /** The articles the chart's bars add up to. */
    private static long chartTotal() {
        return chartBars().stream().mapToLong(Bar::count).sum();
    }

    private static void awaitChartTotal(long total) {
        new WebDriverWait(browser, WAIT).withMessage("the chart's bars adding up to " + total)
                .until(driver -> chartTotal() == total);
    }

    private static Instant notAfter(Path certFile) throws Exception {
        try (InputStream in = Files.newInputStream(certFile)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter().toInstant();
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
