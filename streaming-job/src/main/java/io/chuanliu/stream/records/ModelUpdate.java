package io.chuanliu.stream.records;

import io.chuanliu.common.events.ModelRef;

/** A model announced on model-updates, as a Flink POJO for the broadcast side. */
public class ModelUpdate {

    public String name;
    public String version;
    public String uri;

    public ModelUpdate() {}

    public static ModelUpdate of(ModelRef ref) {
        ModelUpdate u = new ModelUpdate();
        u.name = ref.name();
        u.version = ref.version();
        u.uri = ref.uri();
        return u;
    }

    public ModelRef toRef() {
        return new ModelRef(name, version, uri, null, 0);
    }
}
