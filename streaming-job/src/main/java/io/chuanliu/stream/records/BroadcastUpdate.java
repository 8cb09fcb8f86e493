package io.chuanliu.stream.records;

/** What every routing subtask must hear: a live-session update, a newly published model or a seller score. Exactly one field is set. */
public class BroadcastUpdate {

    public SessionUpdate session;
    public ModelUpdate model;
    public SellerScore sellerScore;

    public BroadcastUpdate() {}

    public static BroadcastUpdate of(SessionUpdate session) {
        BroadcastUpdate u = new BroadcastUpdate();
        u.session = session;
        return u;
    }

    public static BroadcastUpdate of(SellerScore score) {
        BroadcastUpdate u = new BroadcastUpdate();
        u.sellerScore = score;
        return u;
    }

    public static BroadcastUpdate of(ModelUpdate model) {
        BroadcastUpdate u = new BroadcastUpdate();
        u.model = model;
        return u;
    }
}
