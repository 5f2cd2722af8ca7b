package io.securemqtt.certgen.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerNameTest {

    @Test
    void ipLiteralsAreIpAddresses() {
        assertTrue(ServerName.parse("127.0.0.1").ipAddress());
        assertTrue(ServerName.parse("::1").ipAddress());
        assertEquals(ServerName.parse("0:0:0:0:0:0:0:1"), ServerName.parse("::1"));
    }

    @Test
    void dnsNamesCompareIgnoringCase() {
        ServerName name = ServerName.parse("Broker.Example.ORG");
        assertFalse(name.ipAddress());
        assertEquals(ServerName.parse("broker.example.org"), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "mosquitto", "a-b.example.org", "xn--bcher-kva.example", "1host.example"})
    void acceptsDnsNames(String name) {
        assertFalse(ServerName.parse(name).ipAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad name", "-lead.example", "trail-.example", "a..b", "example.org.", "*.example.org",
            "300.1.1.1", "1.2.3", "fe80::1%eth0", "[::1]", "::g", "under_score.example"})
    void refusesAnythingElse(String name) {
        assertThrows(IllegalArgumentException.class, () -> ServerName.parse(name));
    }
}
