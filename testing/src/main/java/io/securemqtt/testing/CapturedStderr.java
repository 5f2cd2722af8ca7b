package io.securemqtt.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a program prints on standard error during each test, where its configuration errors go.
 * Not for tests that run in parallel.
 *
 * <pre>{@code
 * @RegisterExtension final CapturedStderr stderr = new CapturedStderr();
 * ... assertTrue(stderr.text().startsWith("configuration error: "), stderr.text());
 * }</pre>
 */
public final class CapturedStderr implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeEach(ExtensionContext context) {
        original = System.err;
        captured.reset();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(original);
    }

    /** Everything printed on standard error since the test began. */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
