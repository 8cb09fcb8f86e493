package io.chuanliu.generator.output;

import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.market.MarketEvents;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes the history tables twice, as Parquet (for Spark) and as JSON lines (for anything else):
 * {@code expert_orders.parquet}, {@code expert_orders.jsonl}, {@code engagements.parquet},
 * {@code engagements.jsonl}.
 */
public final class HistoryWriter implements MarketEvents, AutoCloseable {

    private final OutputStream ordersJson;
    private final OutputStream engagementsJson;
    private final ParquetWriter<Group> ordersParquet;
    private final ParquetWriter<Group> engagementsParquet;
    private final SimpleGroupFactory orderRows = new SimpleGroupFactory(ParquetTables.EXPERT_ORDERS);
    private final SimpleGroupFactory engagementRows = new SimpleGroupFactory(ParquetTables.ENGAGEMENTS);
    private long orders;
    private long engagements;

    public HistoryWriter(Path directory) throws IOException {
        Files.createDirectories(directory);
        ordersJson = new BufferedOutputStream(Files.newOutputStream(directory.resolve("expert_orders.jsonl")), 1 << 16);
        engagementsJson =
                new BufferedOutputStream(Files.newOutputStream(directory.resolve("engagements.jsonl")), 1 << 16);
        ordersParquet = ParquetTables.open(directory.resolve("expert_orders.parquet"), ParquetTables.EXPERT_ORDERS);
        engagementsParquet = ParquetTables.open(directory.resolve("engagements.parquet"), ParquetTables.ENGAGEMENTS);
    }

    @Override
    public void order(ExpertOrder order) {
        try {
            ordersJson.write(EventJson.toBytes(order));
            ordersJson.write('\n');
            ordersParquet.write(ParquetTables.row(orderRows, order));
            orders++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void engagement(Engagement engagement) {
        try {
            engagementsJson.write(EventJson.toBytes(engagement));
            engagementsJson.write('\n');
            engagementsParquet.write(ParquetTables.row(engagementRows, engagement));
            engagements++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long orders() {
        return orders;
    }

    public long engagements() {
        return engagements;
    }

    @Override
    public void close() throws IOException {
        try (ordersJson;
                engagementsJson;
                ordersParquet;
                engagementsParquet) {
            ordersJson.flush();
            engagementsJson.flush();
        }
    }
}
