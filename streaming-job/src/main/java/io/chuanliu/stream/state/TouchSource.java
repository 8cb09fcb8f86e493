package io.chuanliu.stream.state;

import io.chuanliu.common.events.EngagementKind;

/**
 * What made an expert's touch: an order through the expert, or an engagement of one kind. The label
 * is what decisions and rewards show ({@code expert_order}, {@code engagement:like}); state stores
 * the ordinal plus one, so the order of the constants is part of the state format: only append.
 */
public enum TouchSource {
    EXPERT_ORDER("expert_order"),
    LIKE("engagement:like"),
    CART("engagement:cart"),
    VIEW("engagement:view");

    private static final TouchSource[] VALUES = values();

    private final String label;

    TouchSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static TouchSource of(EngagementKind kind) {
        return switch (kind) {
            case LIKE -> LIKE;
            case CART -> CART;
            case VIEW -> VIEW;
        };
    }

    /** The source with this label, or null. */
    public static TouchSource ofLabel(String label) {
        for (TouchSource source : VALUES) {
            if (source.label.equals(label)) {
                return source;
            }
        }
        return null;
    }

    /** The source stored under {@code code} (ordinal plus one), or null for a code this version does not know. */
    static TouchSource ofCode(int code) {
        return code >= 1 && code <= VALUES.length ? VALUES[code - 1] : null;
    }

    int code() {
        return ordinal() + 1;
    }
}
