package io.chuanliu.training.evaluation;

/** The trained model does not beat the baseline: it is not published. */
public final class GateFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GateFailedException(String message) {
        super(message);
    }
}
