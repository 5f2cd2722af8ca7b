package io.securemqtt.systemtests;

import io.securemqtt.certgen.Main;
import io.securemqtt.common.MqttSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A PKI written by our own certgen, exactly as Compose's certgen step writes it. */
record TestPki(Path dir) {

    static TestPki generate(Path dir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString()));
        args.addAll(List.of(extraArgs));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("certgen exited " + exit + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return new TestPki(dir);
    }

    Path ca() {
        return dir.resolve("ca.crt");
    }

    Path cert(String identity) {
        return dir.resolve(identity + ".crt");
    }

    Path key(String identity) {
        return dir.resolve(identity + ".key");
    }

    /** Connection settings for {@code identity}, as its container's environment would give them. */
    MqttSettings settings(MosquittoContainer broker, String identity, String clientId) {
        return new MqttSettings(broker.getHost(), broker.mqttsPort(), ca(), cert(identity), key(identity), clientId);
    }
}
