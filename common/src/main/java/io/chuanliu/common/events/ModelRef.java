package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.Map;

/**
 * Points at a published model. The artifact stays in storage; only this reference travels on the
 * compacted {@code model-updates} topic, keyed by {@code name}.
 *
 * @param uri the model directory, e.g. {@code file:///data/models/20261123-0300}
 * @param checksums SHA-256 of every file in the model directory, by relative path
 */
public record ModelRef(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String version,
        @JsonProperty(required = true) String uri,
        Map<String, String> checksums,

        @JsonProperty("created_at") @JsonSetter(nulls = Nulls.AS_EMPTY)
        long createdAt)
        implements Event {

    public ModelRef {
        checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }

    @Override
    public long eventTime() {
        return createdAt;
    }

    @Override
    public void validate(Validator v) {
        v.notBlank("name", name).notBlank("version", version).notBlank("uri", uri);
    }
}
