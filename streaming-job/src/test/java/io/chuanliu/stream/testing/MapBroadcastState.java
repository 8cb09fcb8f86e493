package io.chuanliu.stream.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/** A broadcast state read from a map, for unit tests of the parts that read one. */
public final class MapBroadcastState<K, V> implements ReadOnlyBroadcastState<K, V> {

    private final Map<K, V> entries = new HashMap<>();

    public MapBroadcastState<K, V> with(K key, V value) {
        entries.put(key, value);
        return this;
    }

    @Override
    public V get(K key) {
        return entries.get(key);
    }

    @Override
    public boolean contains(K key) {
        return entries.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> immutableEntries() {
        return Map.copyOf(entries).entrySet();
    }

    @Override
    public void clear() {
        entries.clear();
    }
}
