package io.securemqtt.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The directions between common's packages, read from the compiled classes (tests excluded):
 *
 * <table>
 * <caption>What each package holds and which others it may use</caption>
 * <tr><th>package</th><th>holds</th><th>may use</th></tr>
 * <tr><td>{@code config}</td><td>environment variables read into typed values</td><td>none</td></tr>
 * <tr><td>{@code tls}</td><td>TLS contexts and sockets from PEM files; names no variable, knows no MQTT</td><td>none</td></tr>
 * <tr><td>{@code article}</td><td>the article, its JSON, topic names; knows no MQTT</td><td>none</td></tr>
 * <tr><td>{@code mqtt}</td><td>settings, connection, status and failures of the Paho client</td><td>config, tls, article</td></tr>
 * <tr><td>{@code monitoring}</td><td>{@code /health}, {@code /metrics}, the container healthcheck</td><td>config, tls, mqtt</td></tr>
 * <tr><td>{@code client}</td><td>the one connection sequence of every client: the Paho client with its callback,
 *     health, status and takeovers wired, connected</td><td>config, tls, article, mqtt, monitoring</td></tr>
 * <tr><td>{@code program}</td><td>a program's life: configuration, log format, startup retry, shutdown</td><td>all of the above</td></tr>
 * </table>
 *
 * <p>So there is no cycle. That nothing in common knows the programs built on it needs no rule here:
 * common's pom does not let it see them.
 */
@AnalyzeClasses(packages = "io.securemqtt.common", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String CONFIG = "io.securemqtt.common.config..";
    private static final String TLS = "io.securemqtt.common.tls..";
    private static final String ARTICLE = "io.securemqtt.common.article..";
    private static final String MQTT = "io.securemqtt.common.mqtt..";
    private static final String MONITORING = "io.securemqtt.common.monitoring..";
    private static final String CLIENT = "io.securemqtt.common.client..";
    private static final String PROGRAM = "io.securemqtt.common.program..";
    /** How the programs' variables begin, e.g. {@code MQTT_CA_FILE}. */
    private static final String VARIABLE_PREFIX = "MQTT_";

    @ArchTest
    static final ArchRule directions = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("config").definedBy(CONFIG)
            .layer("tls").definedBy(TLS)
            .layer("article").definedBy(ARTICLE)
            .layer("mqtt").definedBy(MQTT)
            .layer("monitoring").definedBy(MONITORING)
            .layer("client").definedBy(CLIENT)
            .layer("program").definedBy(PROGRAM)
            .whereLayer("config").mayNotAccessAnyLayer()
            .whereLayer("tls").mayNotAccessAnyLayer()
            .whereLayer("article").mayNotAccessAnyLayer()
            .whereLayer("mqtt").mayOnlyAccessLayers("config", "tls", "article")
            .whereLayer("monitoring").mayOnlyAccessLayers("config", "tls", "mqtt")
            .whereLayer("client").mayOnlyAccessLayers("config", "tls", "article", "mqtt", "monitoring")
            .whereLayer("program").mayNotBeAccessedByAnyLayer();

    /** A class outside the table would escape {@link #directions}: a new package gets a row first. */
    @ArchTest
    static final ArchRule everyClassHasARow = classes().should().resideInAnyPackage(CONFIG, TLS, ARTICLE, MQTT, MONITORING, CLIENT, PROGRAM);

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.securemqtt.common.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyMqttClientAndProgramKnowPaho = noClasses().that().resideInAnyPackage(CONFIG, TLS, ARTICLE, MONITORING)
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.paho..");

    /** Whoever reads the configuration tells tls what to call each file ({@code TlsFileNames}). */
    @ArchTest
    static final ArchRule tlsReadsNoEnvironment = noClasses().that().resideInAPackage(TLS)
            .should().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getenv", String.class);

    /**
     * Nor does tls spell a variable's name: the compiler copies a constant such as
     * {@code MqttSettings.CA_FILE} into the class that uses it, leaving no dependency for
     * {@link #directions} to see, but the text is in the class file.
     */
    @ArchTest
    static final ArchRule tlsNamesNoVariable = classes().that().resideInAPackage(TLS).should(holdNoText(VARIABLE_PREFIX));

    private static ArchCondition<JavaClass> holdNoText(String text) {
        return new ArchCondition<>("hold no text " + text) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                URI uri = javaClass.getSource().orElseThrow().getUri();
                String bytes;
                try (InputStream in = uri.toURL().openStream()) {
                    bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + uri, e);
                }
                if (bytes.contains(text)) {
                    events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " holds the text " + text));
                }
            }
        };
    }

}
