package io.chuanliu.common.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One documented configuration key with its type, default and the form it expects. Declared as
 * constants beside the code that reads them, so every key is listed in one place.
 */
public final class Setting<T> {

    private final String key;
    private final T defaultValue;
    private final String description;
    private final String expected;
    private final Function<String, T> parser;

    private Setting(String key, T defaultValue, String description, String expected, Function<String, T> parser) {
        this.key = Objects.requireNonNull(key);
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description);
        this.expected = Objects.requireNonNull(expected);
        this.parser = Objects.requireNonNull(parser);
    }

    /** A field separator: any non-empty text, whitespace included; the two characters {@code \t} mean a tab. */
    public static Setting<String> separator(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, "a separator such as ',', ';' or \\t", s -> {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return s.equals("\\t") ? "\t" : s;
        });
    }

    public static Setting<String> string(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, "a non-empty string", s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("blank");
            }
            return s;
        });
    }

    /** A comma-separated list of non-empty items, e.g. {@code 16,32}. */
    public static Setting<java.util.List<String>> list(
            String key, java.util.List<String> defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, "a comma-separated list such as a,b,c", s -> {
            java.util.List<String> items =
                    java.util.Arrays.stream(s.split(",")).map(String::trim).toList();
            if (items.isEmpty() || items.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("empty item");
            }
            return items;
        });
    }

    /** One of a fixed set of words. */
    public static Setting<String> oneOf(String key, String defaultValue, String description, String... allowed) {
        java.util.List<String> values = java.util.List.of(allowed);
        return new Setting<>(key, defaultValue, description, "one of " + String.join(", ", values), s -> {
            if (!values.contains(s.trim())) {
                throw new IllegalArgumentException("not allowed");
            }
            return s.trim();
        });
    }

    public static Setting<Integer> positiveInt(String key, Integer defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, "a positive integer", s -> {
            int value = Integer.parseInt(s.trim());
            if (value <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return value;
        });
    }

    public static Setting<Integer> nonNegativeInt(String key, Integer defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, "an integer, 0 or more", s -> {
            int value = Integer.parseInt(s.trim());
            if (value < 0) {
                throw new IllegalArgumentException("negative");
            }
            return value;
        });
    }

    public static Setting<Double> fraction(String key, Double defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, "a number in 0..1", s -> {
            double value = Double.parseDouble(s.trim());
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        });
    }

    public static Setting<Double> number(String key, Double defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, "a finite number", s -> {
            double value = Double.parseDouble(s.trim());
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not finite");
            }
            return value;
        });
    }

    /** A setting of any type: {@code parser} throws IllegalArgumentException on a value that is not {@code expected}. */
    public static <T> Setting<T> of(
            String key, T defaultValue, String description, String expected, Function<String, T> parser) {
        return new Setting<>(key, defaultValue, description, expected, parser);
    }

    public static Setting<Duration> duration(String key, Duration defaultValue, String description) {
        return new Setting<>(
                key,
                defaultValue,
                description,
                "a positive duration such as 500ms, 30s, 15m, 2h or 7d",
                Setting::parseDuration);
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return defaultValue == null;
    }

    public String description() {
        return description;
    }

    public String expected() {
        return expected;
    }

    T parse(String raw) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new InvalidSettingException(key, "expected " + expected + ", got '" + raw + "'");
        }
    }

    static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < s.length() && Character.isDigit(s.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("no number");
        }
        long amount = Long.parseLong(s.substring(0, split));
        Duration d = switch (s.substring(split)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit");
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("zero");
        }
        return d;
    }

    @Override
    public String toString() {
        return key;
    }
}
