package io.chuanliu.stream.records;

import io.chuanliu.common.events.ModelRef;

/** A model announced on model-updates, as a Flink POJO for the broadcast side. */
public class ModelUpdate {

    public String name;
    public String version;
    public String uri;
    /** The announced checksums, as parallel arrays (a map would not be a Flink POJO field): the loader checks the manifest against them. */
    public String[] checksumFiles = new String[0];

    public String[] checksumValues = new String[0];

    public ModelUpdate() {}

    public static ModelUpdate of(ModelRef ref) {
        ModelUpdate u = new ModelUpdate();
        u.name = ref.name();
        u.version = ref.version();
        u.uri = ref.uri();
        u.checksumFiles = ref.checksums().keySet().toArray(String[]::new);
        u.checksumValues = new String[u.checksumFiles.length];
        for (int i = 0; i < u.checksumFiles.length; i++) {
            u.checksumValues[i] = ref.checksums().get(u.checksumFiles[i]);
        }
        return u;
    }

    public ModelRef toRef() {
        java.util.Map<String, String> checksums = new java.util.HashMap<>();
        for (int i = 0; i < checksumFiles.length; i++) {
            checksums.put(checksumFiles[i], checksumValues[i]);
        }
        return new ModelRef(name, version, uri, checksums, 0);
    }
}
