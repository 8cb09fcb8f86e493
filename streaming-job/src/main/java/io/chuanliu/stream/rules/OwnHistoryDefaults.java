package io.chuanliu.stream.rules;

import java.time.Duration;

/** Defaults of the ranker's own-history state: plain constants, so the config reads them without Flink on the classpath. */
public final class OwnHistoryDefaults {

    /** Training's default {@code features.half-life}. */
    public static final Duration HALF_LIFE = Duration.ofDays(14);

    public static final Duration TTL = Duration.ofDays(90);

    private OwnHistoryDefaults() {}
}
