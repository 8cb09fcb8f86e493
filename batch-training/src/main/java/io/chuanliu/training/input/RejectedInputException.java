package io.chuanliu.training.input;

/** Too much of the input is invalid to train on; the message says how much and where the rejects are. */
public final class RejectedInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RejectedInputException(String message) {
        super(message);
    }
}
