package io.chuanliu.stream.job;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.stream.functions.ParseEvents;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.serde.EventDeserializationSchema;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The job's input topics, each read and parsed into the job's own records: a stream of valid events
 * with that topic's dead letters on its side output, and event time taken from the validated payload.
 */
record ParsedInputs(
        SingleOutputStreamOperator<UserSignal> orders,
        SingleOutputStreamOperator<UserSignal> engagements,
        SingleOutputStreamOperator<UserSignal> activity,
        SingleOutputStreamOperator<SessionUpdate> sessions,
        SingleOutputStreamOperator<ModelUpdate> models,
        SingleOutputStreamOperator<UserSignal> refusals,
        SingleOutputStreamOperator<ControlEvent> control) {

    /** Reads and parses every input topic of {@code config} from {@code inputs}. */
    static ParsedInputs read(StreamExecutionEnvironment env, RoutingInputs inputs, RoutingJobConfig config) {
        Parser parser = new Parser(env, inputs, config);
        JobTopics topics = config.topics();
        return new ParsedInputs(
                parser.parse(
                        topics.expertOrders(),
                        "expert-orders",
                        "Expert orders",
                        ExpertOrder.class,
                        UserSignal::of,
                        UserSignal.class),
                parser.parse(
                        topics.engagements(),
                        "engagements",
                        "Engagements",
                        Engagement.class,
                        UserSignal::of,
                        UserSignal.class),
                parser.parse(
                        topics.userActivity(),
                        "user-activity",
                        "User activity",
                        UserActivity.class,
                        UserSignal::of,
                        UserSignal.class),
                parser.parse(
                        topics.liveSessions(),
                        "live-sessions",
                        "Live sessions",
                        LiveSession.class,
                        SessionUpdate::of,
                        SessionUpdate.class),
                parser.parse(
                        topics.modelUpdates(),
                        "model-updates",
                        "Model updates",
                        ModelRef.class,
                        ModelUpdate::of,
                        ModelUpdate.class),
                parser.parse(
                        topics.routingRefusals(),
                        "routing-refusals",
                        "Routing refusals",
                        RouteRefusal.class,
                        UserSignal::of,
                        UserSignal.class),
                parser.parse(topics.control(), "control", "Control", ControlEvent.class, c -> c, ControlEvent.class));
    }

    /** Every input's dead letters in one stream. */
    DataStream<DeadLetter> deadLetters() {
        return orders.getSideOutput(ParseEvents.DEAD_LETTERS)
                .union(
                        engagements.getSideOutput(ParseEvents.DEAD_LETTERS),
                        activity.getSideOutput(ParseEvents.DEAD_LETTERS),
                        sessions.getSideOutput(ParseEvents.DEAD_LETTERS),
                        models.getSideOutput(ParseEvents.DEAD_LETTERS),
                        control.getSideOutput(ParseEvents.DEAD_LETTERS),
                        refusals.getSideOutput(ParseEvents.DEAD_LETTERS));
    }

    private record Parser(StreamExecutionEnvironment env, RoutingInputs inputs, RoutingJobConfig config) {

        /** A source named {@code "<title> source"} (uid {@code <id>-source}) and its parse stage ({@code parse-<id>}). */
        <T extends Event, OUT> SingleOutputStreamOperator<OUT> parse(
                String topic,
                String id,
                String title,
                Class<T> type,
                SerializableFunction<T, OUT> convert,
                Class<OUT> outType) {
            TypeInformation<OUT> outInfo = TypeInformation.of(outType);
            EventDeserializationSchema<T, OUT> deserializer = new EventDeserializationSchema<>(
                    new EventParser<>(type, config.maxFutureSkew().toMillis(), config.inputShape(id)),
                    convert,
                    outInfo);
            DataStream<Tuple2<Long, Either<OUT, DeadLetter>>> parsed = inputs.read(
                            env, topic, deserializer, this.<OUT>eventTime())
                    .name(title + " source")
                    .uid(id + "-source");
            return parsed.process(new ParseEvents<>(), outInfo)
                    .name("Parse " + title.toLowerCase(Locale.ROOT))
                    .uid("parse-" + id);
        }

        /**
         * Event time is the validated payload's own time, not the record's timestamp; a dead letter
         * carries {@link EventDeserializationSchema#NO_TIME}, so a record that fails validation never
         * moves a watermark.
         */
        private <OUT> WatermarkStrategy<Tuple2<Long, Either<OUT, DeadLetter>>> eventTime() {
            return WatermarkStrategy.<Tuple2<Long, Either<OUT, DeadLetter>>>forBoundedOutOfOrderness(
                            config.outOfOrderness())
                    .withTimestampAssigner((parsed, recordTimestamp) -> parsed.f0)
                    .withIdleness(config.sourceIdleness());
        }
    }
}
