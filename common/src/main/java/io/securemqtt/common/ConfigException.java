package io.securemqtt.common;

/**
 * A configuration value is missing or malformed. The message names the variable, the bad value and
 * what is expected, so it can be printed to the operator as it is.
 */
public final class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** The environment variable at fault, e.g. {@code MQTT_PORT}. */
    public String variable() {
        return variable;
    }
}
