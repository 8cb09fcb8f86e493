package io.chuanliu.stream.state;

import java.util.Map;

/**
 * Answers "is any brand broadcasting at time t?" for the per-user stage, which asks it on every
 * activity before it reads any state. The answer only changes at a session's start or end, so it is
 * computed once for the interval between the two boundaries around t and reused until an activity
 * falls outside that interval or the sessions change ({@link #invalidate()}). Not checkpointed: it
 * is rebuilt from the broadcast state on first use.
 */
public final class OnAirIndex {

    private long from = Long.MAX_VALUE;
    private long until = Long.MIN_VALUE;
    private boolean live;

    /** Forgets the cached interval; call on every change of the sessions. */
    public void invalidate() {
        from = Long.MAX_VALUE;
        until = Long.MIN_VALUE;
    }

    /** @param brands the broadcast state's entries: brand to its sessions */
    public boolean anyLiveAt(Iterable<Map.Entry<String, BrandSessions>> brands, long time) {
        if (time >= from && time < until) {
            return live;
        }
        long lower = Long.MIN_VALUE;
        long upper = Long.MAX_VALUE;
        boolean any = false;
        for (Map.Entry<String, BrandSessions> brand : brands) {
            BrandSessions sessions = brand.getValue();
            for (LiveWindow w : new LiveWindow[] {sessions.latest, sessions.earlier}) {
                if (w == null || !w.broadcasting) {
                    continue;
                }
                any |= w.isLiveAt(time);
                lower = Math.max(lower, w.start <= time ? w.start : Long.MIN_VALUE);
                lower = Math.max(lower, w.end <= time ? w.end : Long.MIN_VALUE);
                upper = Math.min(upper, w.start > time ? w.start : Long.MAX_VALUE);
                upper = Math.min(upper, w.end > time ? w.end : Long.MAX_VALUE);
            }
        }
        from = lower;
        until = upper;
        live = any;
        return any;
    }
}
