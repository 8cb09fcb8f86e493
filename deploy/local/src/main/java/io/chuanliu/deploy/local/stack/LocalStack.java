package io.chuanliu.deploy.local.stack;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the runner started, stopped in reverse order exactly once: on normal exit, on error and
 * on Ctrl-C (through a shutdown hook).
 */
public final class LocalStack implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "chuanliu-stack-shutdown");
    private boolean stopped;

    public LocalStack() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public <T extends AutoCloseable> T add(T part) {
        synchronized (this) {
            started.push(part);
        }
        return part;
    }

    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already in the hook: nothing to remove.
        }
    }
}
