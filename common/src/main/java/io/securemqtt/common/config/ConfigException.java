package io.securemqtt.common.config;

/**
 * A configuration value is missing or malformed. The message names the variable, the bad value and
 * what is expected, so it can be printed to the operator as it is.
 *
 * <p>Not final: a program may say more precisely what is wrong with one of its own variables, e.g.
 * a file it names that cannot be used.
 */
public class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    public ConfigException(String variable, String message, Throwable cause) {
        super(message, cause);
        this.variable = variable;
    }

    /** The environment variable at fault, e.g. {@code MQTT_PORT}. */
    public String variable() {
        return variable;
    }
}
