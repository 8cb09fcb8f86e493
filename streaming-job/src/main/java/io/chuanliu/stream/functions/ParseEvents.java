package io.chuanliu.stream.functions;

import io.chuanliu.common.events.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits one source's parsed records: a valid event goes on as the stage's record type, an invalid
 * one to the {@link #DEAD_LETTERS} side output, and both are counted. Parsing itself happens in the
 * source ({@link io.chuanliu.stream.serde.EventDeserializationSchema}), so that watermarks follow only
 * valid payloads; nothing here or there throws on input, so bad input never restarts the job.
 */
public final class ParseEvents<OUT> extends ProcessFunction<Tuple2<Long, Either<OUT, DeadLetter>>, OUT> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Counter numValidEvents;
    private transient Counter numDeadLetters;

    @Override
    public void open(OpenContext openContext) {
        numValidEvents = getRuntimeContext().getMetricGroup().counter("numValidEvents");
        numDeadLetters = getRuntimeContext().getMetricGroup().counter("numDeadLetters");
    }

    @Override
    public void processElement(Tuple2<Long, Either<OUT, DeadLetter>> parsed, Context ctx, Collector<OUT> out) {
        if (parsed.f1.isLeft()) {
            numValidEvents.inc();
            out.collect(parsed.f1.left());
        } else {
            numDeadLetters.inc();
            ctx.output(DEAD_LETTERS, parsed.f1.right());
        }
    }
}
