package io.chuanliu.common.model;

/** Names of the files in a model directory {@code models/<version>/}, shared by writer and loader. */
public final class ModelFiles {

    /** Version, window, parameters, metrics, gate, row counts and SHA-256 of every other file. */
    public static final String MANIFEST = "manifest.json";
    /** One JSON line per brand: {@code {"brand": .., "factors": [..]}}; small, broadcast to every subtask. */
    public static final String BRAND_FACTORS = "brand_factors.jsonl";
    /** user, brand, score: the published ranker's purchase probability at the model's cut-off, for a sample of users and every brand. */
    public static final String SERVING_SAMPLE = "serving_sample.csv";
    /** Sizes of each brand's audience: {@code brand,buyers,lookalikes}. */
    public static final String AUDIENCE_SIZES = "audience_sizes.csv";
    /** Per brand, its audience as Parquet: brand, user, source (buyer or lookalike), score. */
    public static final String AUDIENCES = "audiences";
    /** Expert-brand matches: {@code brand,expert,score,shared_buyers,rank_for_brand,rank_for_expert}. */
    public static final String EXPERT_MATCHES = "expert_matches.csv";
    /** {@code {"k": 10, "methods": {...}}} */
    public static final String EVALUATION = "evaluation.json";
    /** The same metrics as CSV: method,precision,recall,ndcg,map,coverage. */
    public static final String EVALUATION_CSV = "evaluation.csv";
    /** The model's top-k brands for each test user: user,rank,brand,score. */
    public static final String TEST_TOP_K = "test_top_k.csv";
    /** The user side: RocksDB shards by key-group range, described by {@link UserStoreLayout}. */
    public static final String USER_STORE = "user_store";

    public static final String USER_STORE_LAYOUT = "user_store/layout.json";

    private ModelFiles() {}
}
