package io.chuanliu.common.events;

/** An input event read from one of the market's topics. */
public interface Event {

    /** Epoch milliseconds at which the event happened. */
    long eventTime();

    /** Reports every rule this event breaks to {@code validator}. */
    void validate(Validator validator);
}
