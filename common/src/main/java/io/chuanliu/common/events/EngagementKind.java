package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A signal weaker than an order, seen on an item card in an expert's stream. */
public enum EngagementKind {
    @JsonProperty("like")
    LIKE,
    @JsonProperty("cart")
    CART,
    /** A long view of the item card. */
    @JsonProperty("view")
    VIEW
}
