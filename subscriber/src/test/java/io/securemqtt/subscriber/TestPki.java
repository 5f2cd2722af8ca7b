package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real key material from our own certgen, made fresh in a test's temporary directory. */
final class TestPki {

    private TestPki() {
    }

    static Path generate(Path dir, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--out", dir.toString()));
        arguments.addAll(List.of(extraArguments));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = io.securemqtt.certgen.Main.run(arguments.toArray(new String[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, () -> "certgen failed: " + err.toString(StandardCharsets.UTF_8));
        return dir;
    }
}
