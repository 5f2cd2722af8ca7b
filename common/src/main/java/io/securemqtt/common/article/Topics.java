package io.securemqtt.common.article;

/**
 * The topic tree of the articles: {@code articulos/<newspaper>/<section>}, e.g.
 * {@code articulos/marca/futbol}. Subscribers pick sections with wildcards, e.g.
 * {@code articulos/+/futbol}.
 */
public final class Topics {

    public static final String ROOT = "articulos";

    /** Longest newspaper or section name, in characters (Unicode code points). */
    public static final int MAX_LEVEL_LENGTH = 64;

    /** The MQTT limit for a topic filter, in UTF-8 bytes. */
    private static final int MAX_FILTER_BYTES = 65_535;

    private Topics() {
    }

    /**
     * @throws IllegalArgumentException if {@code newspaper} or {@code section} is not a single valid level
     */
    public static String forArticle(String newspaper, String section) {
        checkLevel("newspaper", newspaper);
        checkLevel("section", section);
        return ROOT + "/" + newspaper + "/" + section;
    }

    /**
     * Checks one level of an article topic: not blank, at most {@value #MAX_LEVEL_LENGTH} characters,
     * and free of {@code /} (a level separator) and the wildcards {@code +} and {@code #}, which are
     * not allowed in a topic one publishes to.
     *
     * @param what what the level is, for the message, e.g. "newspaper"
     * @throws IllegalArgumentException naming {@code what} and the problem
     */
    public static void checkLevel(String what, String level) {
        if (level == null || level.isBlank()) {
            throw new IllegalArgumentException(what + " is empty; it becomes a topic level and must have a name");
        }
        String problem = null;
        if (level.indexOf('/') >= 0) {
            problem = "contains '/', which would split it into two topic levels";
        } else if (level.indexOf('+') >= 0 || level.indexOf('#') >= 0) {
            problem = "contains a wildcard ('+' or '#'), which is not allowed in a topic one publishes to";
        } else if (level.indexOf('\u0000') >= 0) {
            problem = "contains a NUL character";
        } else if (level.codePointCount(0, level.length()) > MAX_LEVEL_LENGTH) {
            problem = "is longer than " + MAX_LEVEL_LENGTH + " characters";
        }
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + shown(level) + "' " + problem);
        }
    }

    /**
     * The level as an error message quotes it: whole if it is up to twice the limit, enough to see what
     * is wrong; otherwise cut there, with "...", since the message may end up in a log line and the
     * level may have come from the network with tens of kilobytes in it.
     */
    private static String shown(String level) {
        int longest = 2 * MAX_LEVEL_LENGTH;
        if (level.codePointCount(0, level.length()) <= longest) {
            return level;
        }
        return level.substring(0, level.offsetByCodePoints(0, longest)) + "...";
    }

    /**
     * Checks an MQTT topic filter as the broker would: not empty, no NUL, {@code +} only as a whole
     * level, {@code #} only as the whole last level.
     *
     * @return the filter, for chaining
     * @throws IllegalArgumentException naming the filter and the problem
     */
    public static String checkFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("topic filter is empty; expected e.g. " + ROOT + "/+/futbol");
        }
        if (filter.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("topic filter '" + filter + "' contains a NUL character");
        }
        if (filter.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_FILTER_BYTES) {
            throw new IllegalArgumentException("topic filter is longer than " + MAX_FILTER_BYTES + " bytes");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "' is invalid: '#' must be a whole level and the last one, e.g. " + ROOT + "/#");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "' is invalid: '+' must be a whole level, e.g. " + ROOT + "/+/futbol");
            }
        }
        return filter;
    }
}
