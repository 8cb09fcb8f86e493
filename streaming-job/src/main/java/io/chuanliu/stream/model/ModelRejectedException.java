package io.chuanliu.stream.model;

/** A published model the job must not serve; the message says what is wrong with it. */
public final class ModelRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelRejectedException(String message) {
        super(message);
    }

    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
