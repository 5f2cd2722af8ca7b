package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The repository's monitoring/ directory, as Prometheus's own {@code promtool} judges it: the
 * configuration, the alert rules, and the rules' unit tests (monitoring/tests/alerts-test.yml), each
 * run in the Prometheus image Compose runs, with the directory where Compose mounts it, so that the
 * paths the configuration names are the ones checked.
 */
class MonitoringRulesTest {

    private static final DockerImageName PROMETHEUS = DockerImageName.parse("prom/prometheus:v3.5.3");
    /** Where Compose mounts monitoring/ (read-only), and so where prometheus.yml names its rule file. */
    private static final String MOUNTED = "/etc/prometheus/";
    /** The alerts other parts rely on by name (the issue 16 contract; the monitoring system test waits for one). */
    private static final Set<String> CONTRACT = Set.of("CertificateExpiresSoon", "CrlNextUpdateSoon", "ClientNotConnected",
            "BrokerDown", "ExporterDown", "NoFootballArticles", "BrokerDroppingMessages", "ArticleLatencyHigh");
    private static final Duration PROMTOOL_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void configurationPassesCheckConfigWithItsRuleFile() {
        Promtool check = promtool("check", "config", MOUNTED + "prometheus.yml");

        check.assertSucceeded("SUCCESS: " + MOUNTED + "prometheus.yml is valid prometheus config file syntax",
                "SUCCESS: 1 rule files found", "Checking " + MOUNTED + "alerts.yml", "SUCCESS: " + CONTRACT.size() + " rules found");
    }

    @Test
    void alertRulesPassCheckRules() {
        Promtool check = promtool("check", "rules", MOUNTED + "alerts.yml");

        check.assertSucceeded("SUCCESS: " + CONTRACT.size() + " rules found");
    }

    @Test
    void alertRulesPassTheirUnitTests() {
        Promtool test = promtool("test", "rules", MOUNTED + "tests/alerts-test.yml");

        test.assertSucceeded("SUCCESS");
    }

    /** promtool tests only the alerts a case names: one left out would pass unnoticed. */
    @Test
    void theAlertsAreTheContractsAndEachHasUnitTests() throws IOException {
        Set<String> defined = matches("(?m)^\\s*- alert: (\\S+)$", Files.readString(directory().resolve("alerts.yml")));
        Set<String> tested = matches("(?m)^\\s*alertname: (\\S+)$", Files.readString(directory().resolve("tests/alerts-test.yml")));

        assertEquals(new TreeSet<>(CONTRACT), defined, "the alerts of monitoring/alerts.yml");
        assertEquals(defined, tested, "the alerts that monitoring/tests/alerts-test.yml evaluates");
    }

    private static Promtool promtool(String... arguments) {
        try (GenericContainer<?> container = new GenericContainer<>(PROMETHEUS)) {
            container.withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("promtool"))
                    .withCommand(arguments)
                    .withCopyFileToContainer(MountableFile.forHostPath(directory()), MOUNTED)
                    .withStartupCheckStrategy(new ExitedStartupCheckStrategy().withTimeout(PROMTOOL_TIMEOUT))
                    .start();
            Long exitCode = container.getCurrentContainerInfo().getState().getExitCodeLong();
            return new Promtool(String.join(" ", arguments), exitCode == null ? -1 : exitCode, container.getLogs());
        }
    }

    /** The repository's monitoring/ directory (a module's directory is the working directory of its tests). */
    private static Path directory() {
        Path directory = Path.of("../monitoring").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(directory.resolve("prometheus.yml")), "no prometheus.yml in " + directory);
        return directory;
    }

    private static Set<String> matches(String regex, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** One promtool run: its exit status and everything it printed. */
    private record Promtool(String command, long exitCode, String output) {

        /** @param expectedLines lines promtool prints on success, as they read without their indent */
        void assertSucceeded(String... expectedLines) {
            String report = "promtool " + command + " exited with " + exitCode + ":\n" + output;
            assertEquals(0, exitCode, report);
            Set<String> lines = output.lines().map(String::strip).collect(Collectors.toSet());
            for (String expected : expectedLines) {
                assertTrue(lines.contains(expected), "no line \"" + expected + "\" in " + report);
            }
        }
    }

    /**
     * Started once the container has exited, whatever its status: promtool's verdict is the exit
     * status, which the test asserts with the output beside it (Testcontainers' one-shot strategy
     * would fail the start on a non-zero status and keep the output from the assertion message).
     */
    private static final class ExitedStartupCheckStrategy extends StartupCheckStrategy {

        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            return "exited".equals(getCurrentState(docker, containerId).getStatus())
                    ? StartupStatus.SUCCESSFUL
                    : StartupStatus.NOT_YET_KNOWN;
        }
    }
}
