package io.chuanliu.stream.model;

import io.chuanliu.common.events.ModelRef;

/** A published model the job must not serve; the message says what is wrong with it. */
public final class ModelRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelRejectedException(String message) {
        super(message);
    }

    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code ref} refused for the reason {@code why}, the message naming the model and version. */
    static ModelRejectedException of(ModelRef ref, String why) {
        return new ModelRejectedException(prefix(ref) + why);
    }

    /** {@code ref} refused for the reason {@code why}, caused by {@code cause}. */
    static ModelRejectedException of(ModelRef ref, String why, Throwable cause) {
        return new ModelRejectedException(prefix(ref) + why, cause);
    }

    private static String prefix(ModelRef ref) {
        return "model " + ref.name() + " version " + ref.version() + " rejected: ";
    }
}
