package io.securemqtt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way for the broker to persist, for {@code bench/run.sh --persistence}: the project's
 * mosquitto.conf without its own persistence lines, whichever they are (a snapshot's or the
 * persist-sqlite plugin's), then this variant's. Everything else in the file (TLS, ACL, limits,
 * other plugins) stays, so that the variants differ in persistence only.
 *
 * <ul>
 * <li>{@code none}: no persistence, the baseline.
 * <li>{@code snapshot}: Mosquitto 2.0's way, an in-memory store saved every 10 s.
 * <li>{@code sqlite[-sync-MODE][-flush-N]}: Mosquitto 2.1's persist-sqlite plugin. {@code flush_period}
 *     is 0 unless given: the plugin's default of 5 s lost every acknowledged message of a SIGKILL
 *     test (issue 11). {@code sync} ({@code off}, {@code normal}, {@code full}, {@code extra}) is the
 *     plugin's default ({@code normal}) unless given.
 * </ul>
 *
 * @param name  as given on the command line, e.g. {@code sqlite-sync-full}
 * @param lines the configuration lines that make this variant
 */
record PersistenceVariant(String name, List<String> lines) {

    /** Where the official 2.1 image (and the stand-in built by docker-offline.sh) installs the plugin. */
    static final String SQLITE_PLUGIN = "/usr/lib/mosquitto_persist_sqlite.so";

    /** Directives of the snapshot persistence, removed from the project's file whatever their values. */
    private static final Set<String> SNAPSHOT_DIRECTIVES = Set.of("persistence", "persistence_location", "persistence_file",
            "autosave_interval", "autosave_on_changes");
    private static final Pattern SQLITE = Pattern.compile("sqlite(?:-sync-(off|normal|full|extra))?(?:-flush-(\\d{1,4}))?");

    static final String NAMES = "none, snapshot, sqlite[-sync-off|normal|full|extra][-flush-SECONDS]";

    static PersistenceVariant of(String name) {
        if (name.equals("none")) {
            return new PersistenceVariant(name, List.of());
        }
        if (name.equals("snapshot")) {
            return new PersistenceVariant(name, List.of("persistence true", "persistence_location /mosquitto/data/", "autosave_interval 10"));
        }
        Matcher sqlite = SQLITE.matcher(name);
        if (!sqlite.matches()) {
            throw new IllegalArgumentException("unknown persistence variant '" + name + "': expected " + NAMES);
        }
        List<String> lines = new ArrayList<>(List.of("plugin " + SQLITE_PLUGIN,
                "plugin_opt_db_file /mosquitto/data/mosquitto.db",
                "plugin_opt_flush_period " + (sqlite.group(2) != null ? Integer.parseInt(sqlite.group(2)) : 0)));
        if (sqlite.group(1) != null) {
            lines.add("plugin_opt_sync " + sqlite.group(1));
        }
        return new PersistenceVariant(name, List.copyOf(lines));
    }

    /** Whether this variant needs Mosquitto 2.1's persist-sqlite plugin. */
    boolean needsPlugin() {
        return lines.stream().anyMatch(line -> line.startsWith("plugin "));
    }

    /**
     * {@code config} without its persistence lines, then this variant's. The persist-sqlite plugin's
     * {@code plugin_opt_*} lines are those that follow its {@code plugin} line (Mosquitto gives
     * options to the plugin loaded last); another plugin's options stay.
     */
    String applyTo(String config) {
        StringBuilder out = new StringBuilder();
        boolean inSqlitePlugin = false;
        for (String line : config.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                out.append(line).append('\n');
                continue;
            }
            String[] words = trimmed.split("\\s+", 2);
            String directive = words[0];
            if (directive.equals("plugin") || directive.equals("global_plugin")) {
                inSqlitePlugin = words.length > 1 && words[1].contains("persist_sqlite");
                if (inSqlitePlugin) {
                    continue;
                }
            } else if (directive.startsWith("plugin_opt_")) {
                if (inSqlitePlugin) {
                    continue;
                }
            } else {
                inSqlitePlugin = false;
                if (SNAPSHOT_DIRECTIVES.contains(directive)) {
                    continue;
                }
            }
            out.append(line).append('\n');
        }
        StringBuilder result = new StringBuilder(out.toString().stripTrailing())
                .append("\n\n# bench/run.sh --persistence ").append(name).append('\n');
        lines.forEach(line -> result.append(line).append('\n'));
        return result.toString();
    }

    /**
     * For bench/run.sh: {@code PersistenceVariant NAME IN OUT} writes IN's configuration for the
     * variant NAME to OUT. Exit status 2, with a message naming the variant or file, on bad input.
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: PersistenceVariant NAME IN OUT (NAME: " + NAMES + ")");
            System.exit(2);
        }
        try {
            PersistenceVariant variant = of(args[0]);
            String config = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
            Files.writeString(Path.of(args[2]), variant.applyTo(config), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            System.err.println("--persistence: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("--persistence " + args[0] + ": cannot read " + args[1] + " or write " + args[2] + ": " + e);
            System.exit(2);
        }
    }
}
