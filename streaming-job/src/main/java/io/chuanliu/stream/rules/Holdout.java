package io.chuanliu.stream.rules;

import java.nio.charset.StandardCharsets;

/**
 * The hold-out group: users who are never routed, chosen by a hash of the user id alone, so the
 * same user is in the same group on every subtask, after every restart and in every analysis. The
 * hash (64-bit FNV-1a, then a finaliser) is independent of Flink's key-group hash, so the group is
 * spread evenly over subtasks.
 */
public final class Holdout {

    private static final int BUCKETS = 10_000;

    private Holdout() {}

    public static boolean contains(String user, double fraction) {
        return bucket(user) < Math.round(fraction * BUCKETS);
    }

    /** The user's bucket in 0..9999. */
    public static int bucket(String user) {
        long h = 0xcbf29ce484222325L;
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, BUCKETS);
    }
}
