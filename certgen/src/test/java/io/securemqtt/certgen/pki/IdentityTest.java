package io.securemqtt.certgen.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTest {

    @ParameterizedTest
    @ValueSource(strings = {"publisher", "sensor-01", "a.b", "José", "Line 7 sensor", "user@example.org", "x"})
    void acceptsOrdinaryNames(String name) {
        assertEquals(name, new Identity(name).name());
    }

    @Test
    void acceptsSixtyFourCharactersButNotSixtyFive() {
        new Identity("x".repeat(64));
        var e = assertThrows(IllegalArgumentException.class, () -> new Identity("x".repeat(65)));
        assertTrue(e.getMessage().contains("65 characters long"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\u007fb", "a\u200bb", "a\u00a0b", "a\u2028b", " lead", "trail ", "a\\b", "Server"})
    void refusesNamesThatWouldMislead(String name) {
        assertThrows(IllegalArgumentException.class, () -> new Identity(name));
    }

    @Test
    void quoteShowsInvisibleCharacters() {
        assertEquals("\"a\\u0009b\"", Identity.quote("a\tb"));
        assertEquals("\"a b\"", Identity.quote("a b"));
    }
}
