package io.securemqtt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The configurations bench/run.sh --persistence gives its brokers: the project's file with its own
 * persistence replaced, whether that is Mosquitto 2.0's snapshot or 2.1's persist-sqlite plugin.
 */
class PersistenceVariantTest {

    /** A Mosquitto 2.1 file as it may come: the plugin before another plugin, options of both. */
    private static final String SQLITE_CONF = """
            listener 8883
            persistence_location /mosquitto/data/
            # Every acknowledged message is in the database before the next loop.
            plugin /usr/lib/mosquitto_persist_sqlite.so
            plugin_opt_db_file /mosquitto/data/mosquitto.db

            plugin_opt_flush_period 0
            plugin_opt_sync full
            plugin /usr/lib/mosquitto_acl_file.so
            plugin_opt_acl_file /mosquitto/config/acl
            max_queued_messages 100000
            """;

    @Test
    void theProjectsFileKeepsAllButItsPersistence() throws Exception {
        String project = Files.readString(Path.of("../mosquitto/mosquitto.conf"));
        for (String name : List.of("none", "snapshot", "sqlite", "sqlite-sync-full")) {
            String derived = PersistenceVariant.of(name).applyTo(project);
            assertEquals(settings(project).stream().filter(line -> !isPersistence(line)).toList(),
                    settings(derived).stream().filter(line -> !isPersistence(line)).toList(), name);
            assertEquals(PersistenceVariant.of(name).lines(), settings(derived).stream().filter(PersistenceVariantTest::isPersistence).toList(), name);
        }
    }

    @Test
    void snapshotReplacesTheSqlitePluginButNotAnotherPlugin() {
        String derived = PersistenceVariant.of("snapshot").applyTo(SQLITE_CONF);
        assertEquals(List.of("listener 8883", "plugin /usr/lib/mosquitto_acl_file.so", "plugin_opt_acl_file /mosquitto/config/acl",
                "max_queued_messages 100000", "persistence true", "persistence_location /mosquitto/data/", "autosave_interval 10"),
                settings(derived));
    }

    @Test
    void sqliteOnSqliteHasOnlyTheVariantsOptions() {
        String derived = PersistenceVariant.of("sqlite-sync-normal-flush-5").applyTo(SQLITE_CONF);
        assertEquals(List.of("listener 8883", "plugin /usr/lib/mosquitto_acl_file.so", "plugin_opt_acl_file /mosquitto/config/acl",
                "max_queued_messages 100000", "plugin /usr/lib/mosquitto_persist_sqlite.so", "plugin_opt_db_file /mosquitto/data/mosquitto.db",
                "plugin_opt_flush_period 5", "plugin_opt_sync normal"), settings(derived));
    }

    @Test
    void sqliteFlushesAtOnceUnlessTold() {
        assertEquals(List.of("plugin " + PersistenceVariant.SQLITE_PLUGIN, "plugin_opt_db_file /mosquitto/data/mosquitto.db",
                "plugin_opt_flush_period 0"), PersistenceVariant.of("sqlite").lines());
        assertEquals("plugin_opt_sync extra", PersistenceVariant.of("sqlite-sync-extra").lines().get(3));
        assertTrue(PersistenceVariant.of("sqlite-flush-1").needsPlugin());
        assertEquals(List.of(), PersistenceVariant.of("none").lines());
    }

    @Test
    void anUnknownVariantIsRefusedByName() {
        for (String name : List.of("sql", "sqlite-sync-sometimes", "sqlite-flush-", "sqlite-flush-5-sync-full", "Snapshot", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PersistenceVariant.of(name));
            assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains(PersistenceVariant.NAMES), e.getMessage());
        }
    }

    /** The file's settings, without comments and blank lines. */
    private static List<String> settings(String config) {
        return config.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static boolean isPersistence(String line) {
        return line.startsWith("persistence") || line.startsWith("autosave_") || line.contains("persist_sqlite")
                || line.startsWith("plugin_opt_db_file") || line.startsWith("plugin_opt_flush_period") || line.startsWith("plugin_opt_sync");
    }
}
