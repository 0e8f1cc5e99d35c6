package io.switchboard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one class logs while a test runs: the messages (formatted) at or above a level, until
 * closed. For tests that check what an operator reads in the log.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level least;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> source, Level least) {
        this.logger = Logger.getLogger(source.getName());
        this.least = least;
        logger.addHandler(this);
    }

    public static LogCapture of(Class<?> source, Level least) {
        return new LogCapture(source, least);
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= least.intValue()) {
            messages.add(record.getMessage());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
