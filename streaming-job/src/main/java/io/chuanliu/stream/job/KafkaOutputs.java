package io.chuanliu.stream.job;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.RoutingStats;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The job's Kafka topics as its outputs, from its config. */
public class KafkaOutputs implements RoutingOutputs {

    private final RoutingJobConfig config;
    private final KafkaEndpoints kafka;

    public KafkaOutputs(RoutingJobConfig config) {
        this.config = config;
        this.kafka = new KafkaEndpoints(config);
    }

    @Override
    public Sink<RoutingDecision> decisions() {
        return kafka.atLeastOnceSink(config.topics().routingDecisions(), RoutingDecision::user);
    }

    @Override
    public Sink<ExpertReward> rewards() {
        return kafkaRewards();
    }

    /** The rewards sink as the connector's type, for a subclass that wraps it. */
    protected final KafkaSink<ExpertReward> kafkaRewards() {
        return kafka.exactlyOnceSink(config.topics().expertRewards(), ExpertReward::expert, "rewards");
    }

    @Override
    public Sink<Conversion> conversions() {
        return kafka.exactlyOnceSink(config.topics().conversions(), Conversion::user, "conversions");
    }

    @Override
    public Sink<DeadLetter> deadLetters() {
        return kafka.atLeastOnceSink(config.topics().deadLetters(), DeadLetter::sourceTopic);
    }

    @Override
    public Sink<RouteRefusal> refusals() {
        return kafka.atLeastOnceSink(config.topics().routingRefusals(), RouteRefusal::user);
    }

    @Override
    public Sink<RoutingStats> stats() {
        return kafka.atLeastOnceSink(config.topics().routingStats(), RoutingStats::key);
    }
}
