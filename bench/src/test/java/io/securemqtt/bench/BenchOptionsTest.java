package io.securemqtt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The benchmark's --variant option, by which bench/run.sh --persistence hands over its brokers. */
class BenchOptionsTest {

    private static BenchOptions parse(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--port", "8883", "--pki", "/tmp/pki"));
        args.addAll(List.of(more));
        return BenchOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void variantsKeepTheirOrderAndUseTheMainPki() {
        BenchOptions options = parse("--variant", "snapshot,10.0.0.12,8883,4242", "--variant", "sqlite-sync-full,localhost,32768,4243,4244");
        assertEquals(List.of(
                new VariantBroker("snapshot", new Broker("10.0.0.12", 8883, Path.of("/tmp/pki"), "ec-p256"), List.of(4242L), List.of()),
                new VariantBroker("sqlite-sync-full", new Broker("localhost", 32768, Path.of("/tmp/pki"), "ec-p256"), List.of(4243L), List.of(4244L))),
                options.variants());
        assertTrue(options.runs("persistence"));
    }

    @Test
    void badVariantsAreRefusedNamingTheOption() {
        for (String bad : List.of("snapshot", "snapshot,localhost", "snapshot,localhost,0", "snapshot,localhost,x", "snapshot,,8883",
                "Snap shot,localhost,8883", "snapshot,localhost,8883,-1", "snapshot,localhost,8883,1,2,3")) {
            BenchOptions.UsageException e = assertThrows(BenchOptions.UsageException.class, () -> parse("--variant", bad));
            assertTrue(e.getMessage().startsWith("--variant"), e.getMessage());
        }
        BenchOptions.UsageException twice = assertThrows(BenchOptions.UsageException.class,
                () -> parse("--variant", "sqlite,localhost,1", "--variant", "sqlite,localhost,2"));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
    }

    @Test
    void onlyPersistenceNeedsVariants() {
        BenchOptions.UsageException e = assertThrows(BenchOptions.UsageException.class, () -> parse("--only", "persistence"));
        assertTrue(e.getMessage().contains("--variant"), e.getMessage());
        assertEquals(List.of(), parse().variants()); // by default the section just does not run
    }
}
