package io.chuanliu.stream.functions;

import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.common.json.ParseResult;
import io.chuanliu.stream.records.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Parses and validates one source's records. A valid event is converted to the stage's record type
 * and emitted; an invalid one goes to the {@link #DEAD_LETTERS} side output with its reason and raw
 * bytes. Nothing here throws on input, so bad input never restarts the job.
 */
public final class ParseEvents<T extends Event, OUT> extends ProcessFunction<RawRecord, OUT> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final EventParser<T> parser;
    private final SerializableFunction<T, OUT> convert;
    private transient Counter numValidEvents;
    private transient Counter numDeadLetters;

    public ParseEvents(EventParser<T> parser, SerializableFunction<T, OUT> convert) {
        this.parser = parser;
        this.convert = convert;
    }

    @Override
    public void open(OpenContext openContext) {
        numValidEvents = getRuntimeContext().getMetricGroup().counter("numValidEvents");
        numDeadLetters = getRuntimeContext().getMetricGroup().counter("numDeadLetters");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<OUT> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        ParseResult<T> result = parser.parse(record.value, now);
        if (result.isValid()) {
            numValidEvents.inc();
            out.collect(convert.apply(result.event()));
        } else {
            numDeadLetters.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(record.topic, record.partition, record.offset, result.reason(),
                    record.value == null ? new byte[0] : record.value, now));
        }
    }
}
