package io.securemqtt.common.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;

/** Which Host headers MonitoringServer answers, from HOSTNAME and HTTP_ALLOWED_HOSTS. */
class AllowedHostsTest {

    private static boolean allows(AllowedHosts hosts, String host) {
        return hosts.allows(List.of(host));
    }

    @Test
    void loopbackNamesWithAnyPortAlways() {
        AllowedHosts hosts = AllowedHosts.fromEnvironment(new Environment(Map.of()));
        for (String host : List.of("localhost", "localhost:8080", "LocalHost:8080", "localhost.:8080", "127.0.0.1",
                "127.0.0.1:18080", "[::1]", "[::1]:8080", " localhost:8080 ")) {
            assertTrue(allows(hosts, host), host);
        }
        assertEquals(List.of("localhost", "127.0.0.1", "[::1]"), hosts.names());
        assertEquals(hosts.names(), AllowedHosts.local().names());
    }

    @Test
    void anyOtherNameOrAddressIsRefused() {
        AllowedHosts hosts = AllowedHosts.fromEnvironment(new Environment(Map.of()));
        for (String host : List.of("rebind.example", "rebind.example:8080", "localhost.rebind.example", "127.0.0.1.nip.io",
                "127.0.0.2", "0.0.0.0", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]", "::1", "localhost:", "localhost:http",
                "localhost:8080:80", "localhost/x", "localhost@evil", "", "[::1", "user@localhost")) {
            assertFalse(allows(hosts, host), host);
        }
    }

    @Test
    void noHostHeaderOrTwoAreRefused() {
        AllowedHosts hosts = AllowedHosts.local();
        assertFalse(hosts.allows(null));
        assertFalse(hosts.allows(List.of()));
        assertFalse(hosts.allows(List.of("localhost", "localhost")));
    }

    @Test
    void theContainersOwnNameAndTheConfiguredOnes() {
        AllowedHosts hosts = AllowedHosts.fromEnvironment(new Environment(Map.of(
                "HOSTNAME", "3f2a9c1b7d4e",
                "HTTP_ALLOWED_HOSTS", "subscriber, Monitoring.Example.,secure-mqtt_subscriber_2,10.0.0.7,[fd00::1]")));
        for (String host : List.of("3f2a9c1b7d4e:8080", "subscriber:8080", "subscriber", "monitoring.example",
                "secure-mqtt_subscriber_2:8080", "10.0.0.7:8080", "[FD00::1]:8080")) {
            assertTrue(allows(hosts, host), host);
        }
        assertFalse(allows(hosts, "publisher:8080"));
        assertEquals(List.of("localhost", "127.0.0.1", "[::1]", "10.0.0.7", "3f2a9c1b7d4e", "[fd00::1]", "monitoring.example",
                "secure-mqtt_subscriber_2", "subscriber"), hosts.names());
    }

    @Test
    void aHostnameThatIsNoHostNameIsLeftOut() {
        AllowedHosts hosts = AllowedHosts.fromEnvironment(new Environment(Map.of("HOSTNAME", "not a name")));
        assertEquals(List.of("localhost", "127.0.0.1", "[::1]"), hosts.names());
    }

    @Test
    void malformedEntriesNameTheVariable() {
        for (String value : List.of("subscriber:8080", "http://subscriber", "*.example", "sub scriber", "subscriber/", "-subscriber",
                "a..b", "[fd00::1", "fd00::1", "x".repeat(64))) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> AllowedHosts.fromEnvironment(new Environment(Map.of("HTTP_ALLOWED_HOSTS", "subscriber," + value))), value);
            assertEquals("HTTP_ALLOWED_HOSTS", e.variable());
            assertEquals("HTTP_ALLOWED_HOSTS='subscriber," + value + "' has '" + value + "', which is not a host name or IP address;"
                    + " expected comma-separated names without scheme, port or wildcard, e.g. subscriber,monitoring.example"
                    + " (IPv6 in brackets: [fd00::1])", e.getMessage());
        }
        ConfigException empty = assertThrows(ConfigException.class,
                () -> AllowedHosts.fromEnvironment(new Environment(Map.of("HTTP_ALLOWED_HOSTS", " , "))));
        assertEquals("HTTP_ALLOWED_HOSTS", empty.variable());
    }
}
