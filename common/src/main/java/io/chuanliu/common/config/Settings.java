package io.chuanliu.common.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Raw key-value configuration, read from {@code --key value} arguments, that hands out typed values
 * of declared {@link Setting}s and fails fast on anything missing, ill-formed or unknown.
 */
public final class Settings {

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /**
     * Reads {@code --key value} and {@code --key=value} pairs.
     *
     * @throws InvalidSettingException on a stray value or a key without a value
     */
    public static Settings fromArgs(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new InvalidSettingException(arg, "expected --key value or --key=value");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                values.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(body, args[++i]);
            } else {
                throw new InvalidSettingException(body, "no value given");
            }
        }
        return new Settings(values);
    }

    public <T> T get(Setting<T> setting) {
        String raw = values.get(setting.key());
        if (raw == null) {
            if (setting.isRequired()) {
                throw new InvalidSettingException(
                        setting.key(), "required (" + setting.description() + "); expected " + setting.expected());
            }
            return setting.defaultValue();
        }
        return setting.parse(raw);
    }

    /** Fails on any key that is not one of {@code known}, naming the close ones, to catch typos. */
    public Settings requireOnly(Collection<Setting<?>> known) {
        return requireOnly(known, List.of());
    }

    /**
     * As {@link #requireOnly(Collection)}, but any key under one of {@code openPrefixes} (e.g.
     * {@code kafka.client.}) passes through unchecked: its meaning belongs to another library.
     */
    public Settings requireOnly(Collection<Setting<?>> known, Collection<String> openPrefixes) {
        Set<String> knownKeys = known.stream().map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
        for (String key : values.keySet()) {
            if (!knownKeys.contains(key) && openPrefixes.stream().noneMatch(key::startsWith)) {
                throw new InvalidSettingException(
                        key,
                        "unknown setting; known settings are " + knownKeys
                                + (openPrefixes.isEmpty() ? "" : ", and any key under " + openPrefixes));
            }
        }
        return this;
    }

    /** Every value under {@code prefix}, by the rest of its key (e.g. {@code kafka.client.sasl.mechanism} -> {@code sasl.mechanism}). */
    public Map<String, String> under(String prefix) {
        Map<String, String> found = new java.util.TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return found;
    }

    public Map<String, String> asMap() {
        return values;
    }
}
