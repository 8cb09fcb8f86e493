package io.chuanliu.deploy.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A flat Flink {@code config.yaml}: read from the template, overridden, written for a cluster. */
public final class FlinkConfigFile {

    private final Map<String, String> entries;

    private FlinkConfigFile(Map<String, String> entries) {
        this.entries = entries;
    }

    public static FlinkConfigFile read(Path template) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(template);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        template + ":" + (i + 1) + ": expected a flat 'key: value' line, got '" + line + "'");
            }
            entries.put(
                    line.substring(0, colon).strip(), line.substring(colon + 2).strip());
        }
        return new FlinkConfigFile(entries);
    }

    public FlinkConfigFile set(String key, Object value) {
        entries.put(key, String.valueOf(value));
        return this;
    }

    public String get(String key) {
        return entries.get(key);
    }

    public void write(Path file) throws IOException {
        StringBuilder yaml =
                new StringBuilder("# Written by the Chuanliu local runner from deploy/flink/config.yaml\n");
        entries.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(file, yaml);
    }
}
