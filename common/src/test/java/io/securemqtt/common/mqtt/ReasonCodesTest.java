package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReasonCodesTest {

    @Test
    void describes() {
        assertEquals("0x87 (not authorized)", ReasonCodes.describe(0x87));
        assertEquals("0x10 (no matching subscribers)", ReasonCodes.describe(0x10));
        assertEquals("0xFE (reason code 254)", ReasonCodes.describe(0xFE));
    }

    @Test
    void findsFirstFailure() {
        assertEquals(-1, ReasonCodes.firstFailure(null));
        assertEquals(-1, ReasonCodes.firstFailure(new int[0]));
        assertEquals(-1, ReasonCodes.firstFailure(new int[] {0x00, 0x01, 0x10}));
        assertEquals(0x87, ReasonCodes.firstFailure(new int[] {0x01, 0x87, 0x80}));
    }
}
