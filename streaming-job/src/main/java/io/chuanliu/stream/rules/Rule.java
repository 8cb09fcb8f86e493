package io.chuanliu.stream.rules;

import java.util.Locale;

/** A rule that can keep a chosen user from being routed; its label names the suppression metric. */
public enum Rule {
    OPT_OUT,
    QUIET_HOURS,
    DAILY_CAP,
    MIN_GAP,
    SELLER_SCORE,
    BRAND_DAILY_CAP,
    BUDGET_PACING,
    BUDGET_EXHAUSTED;

    /** The value of the {@code rule} metric group, e.g. {@code daily_cap}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
