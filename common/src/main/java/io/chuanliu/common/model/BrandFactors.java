package io.chuanliu.common.model;

/** One line of {@code brand_factors.jsonl}: the brand side of the model, small enough to broadcast. */
public record BrandFactors(String brand, float[] factors) {}
