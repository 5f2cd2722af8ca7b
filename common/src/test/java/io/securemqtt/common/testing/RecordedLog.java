package io.securemqtt.common.testing;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/** A logger to hand to the code under test, and the lines it logged, as {@code "LEVEL message"}. */
public final class RecordedLog {

    private final LinkedBlockingQueue<SubstituteLoggingEvent> events = new LinkedBlockingQueue<>();
    private final Logger logger;

    public RecordedLog(String name) {
        logger = new EventRecordingLogger(new SubstituteLogger(name, events, false), events);
    }

    public Logger logger() {
        return logger;
    }

    public List<String> lines() {
        return events.stream()
                .map(event -> event.getLevel() + " " + MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()))
                .toList();
    }
}
