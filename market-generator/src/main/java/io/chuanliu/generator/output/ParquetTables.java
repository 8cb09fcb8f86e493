package io.chuanliu.generator.output;

import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.ExpertOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Parquet schemas of the history tables (the same columns as the JSON lines) and their writers. */
final class ParquetTables {

    static final MessageType EXPERT_ORDERS = MessageTypeParser.parseMessageType("""
            message expert_order {
              required binary order_id (STRING);
              required binary user (STRING);
              required binary brand (STRING);
              required binary item (STRING);
              optional binary expert (STRING);
              required binary channel (STRING);
              required int64 amount_cents;
              required int32 quantity;
              required int64 event_time;
              required boolean refund;
            }""");

    static final MessageType ENGAGEMENTS = MessageTypeParser.parseMessageType("""
            message engagement {
              required binary user (STRING);
              required binary brand (STRING);
              optional binary item (STRING);
              required binary expert (STRING);
              required binary kind (STRING);
              required int64 event_time;
            }""");

    private ParquetTables() {}

    static ParquetWriter<Group> open(Path file, MessageType schema) throws IOException {
        Files.deleteIfExists(file);
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new Configuration(false))
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    static Group row(SimpleGroupFactory rows, ExpertOrder o) {
        Group g = rows.newGroup()
                .append("order_id", o.orderId())
                .append("user", o.user())
                .append("brand", o.brand())
                .append("item", o.item());
        if (o.expert() != null) {
            g.append("expert", o.expert());
        }
        return g.append("channel", wireName(o.channel()))
                .append("amount_cents", o.amountCents())
                .append("quantity", o.quantity())
                .append("event_time", o.eventTime())
                .append("refund", o.refund());
    }

    static Group row(SimpleGroupFactory rows, Engagement e) {
        Group g = rows.newGroup().append("user", e.user()).append("brand", e.brand());
        if (e.item() != null) {
            g.append("item", e.item());
        }
        return g.append("expert", e.expert()).append("kind", wireName(e.kind())).append("event_time", e.eventTime());
    }

    private static String wireName(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
