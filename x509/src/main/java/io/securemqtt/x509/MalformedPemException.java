package io.securemqtt.x509;

import java.io.IOException;

/** A PEM block that is not valid Base64 or DER; the message is BouncyCastle's. */
public final class MalformedPemException extends IOException {

    MalformedPemException(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
