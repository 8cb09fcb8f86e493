package io.chuanliu.stream.records;

/**
 * The served ranker's purchase probability of one eligible live brand for one activity, as the
 * per-user stage computed it before the rules chose one: what {@code RoutingFunction} explains when
 * asked to (audits, and the parity test against training's serving sample).
 */
public record CandidateScore(String user, String brand, long time, double probability) {}
