package io.chuanliu.stream.types;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.testutils.DeeplyEqualsChecker;

/** Field-by-field equality for records without {@code equals}, for Flink's serializer test base. */
public final class RecursiveEquality {

    private RecursiveEquality() {}

    public static DeeplyEqualsChecker of(Class<?> type) {
        return new DeeplyEqualsChecker()
                .withCustomCheck((a, b) -> type.isInstance(a) && type.isInstance(b), (a, b, checker) -> {
                    try {
                        assertThat(a).usingRecursiveComparison().isEqualTo(b);
                        return true;
                    } catch (AssertionError different) {
                        return false;
                    }
                });
    }
}
