package io.chuanliu.stream.faults;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One armed fault for the sinks of a test's MiniCluster (same JVM): at the {@code n}-th time a
 * {@link Phase} is reached with work to do, the sink thread signals {@link #fired()} and then stops
 * dead (it parks until the test kills its TaskManager, which interrupts it), so nothing after that
 * point of the phase runs, as if the machine had died there.
 */
public final class Fault {

    /** Where in the two-phase commit the TaskManager dies. */
    public enum Phase {
        /** In the writer's pre-commit, while a checkpoint is being taken: the checkpoint never completes. */
        MID_CHECKPOINT,
        /** After a checkpoint completed, before the committer commits its transaction. */
        BEFORE_COMMIT,
        /** After the broker committed the transaction, before Flink learns that it did. */
        AFTER_COMMIT,
        /**
         * The writer's snapshot throws once, after its transaction was pre-committed and handed to the
         * committer: that checkpoint fails and the job fails over (Flink fails the task on a synchronous
         * snapshot error); the pre-committed transaction must never be committed, its records replayed.
         */
        FAILED_CHECKPOINT,
        /** Not a sink hook: the test stops the broker for a few seconds while transactions are open. */
        BROKER_RESTART
    }

    private static final AtomicReference<Fault> ARMED = new AtomicReference<>();

    private final Phase phase;
    private final int n;
    private final AtomicInteger reached = new AtomicInteger();
    private final CompletableFuture<Void> fired = new CompletableFuture<>();

    private Fault(Phase phase, int n) {
        this.phase = phase;
        this.n = n;
    }

    /** Arms a fault; it fires once, the {@code n}-th time its phase is reached with a transaction to handle. */
    public static Fault arm(Phase phase, int n) {
        Fault fault = new Fault(phase, n);
        ARMED.set(fault);
        return fault;
    }

    public static void disarm() {
        ARMED.set(null);
    }

    /** Completes when the fault has fired. */
    public CompletableFuture<Void> fired() {
        return fired;
    }

    public Phase phase() {
        return phase;
    }

    /** Called by the sink at {@code phase}: returns at once, unless this is the moment to die. */
    static void reach(Phase phase) {
        Fault fault = ARMED.get();
        if (fault == null || fault.phase != phase || fault.reached.incrementAndGet() != fault.n) {
            return;
        }
        fault.fired.complete(null);
        if (phase == Phase.FAILED_CHECKPOINT) {
            throw new IllegalStateException("injected: the writer's snapshot fails");
        }
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE); // dead until the TaskManager is killed
            } catch (InterruptedException killed) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("injected: the TaskManager died " + phase);
            }
        }
    }
}
