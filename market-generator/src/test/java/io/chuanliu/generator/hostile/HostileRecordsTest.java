package io.chuanliu.generator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.common.json.ParseResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.junit.jupiter.api.Test;

/** The parser against every kind of hostile record, for every input event type. */
class HostileRecordsTest {

    private static final long NOW = 1_763_900_000_000L;
    private static final long HOUR = 3_600_000L;

    /** One valid event per input topic, with every optional field present so each can be broken. */
    static final List<Event> VALID = List.of(
            new ExpertOrder("o1", "u1", "b1", "i1", "e1", OrderChannel.EXPERT_LIVE, 1999, 1, NOW, false),
            new Engagement("u1", "b1", "i1", "e1", EngagementKind.LIKE, NOW),
            new UserActivity("u1", "feed", NOW),
            new LiveSession("b1", "s1", SessionStatus.LIVE, NOW, NOW + HOUR, List.of("i1"), NOW),
            new ControlEvent(ControlKind.BRAND_BUDGET, "u1", "b1", "e1", 50.0, 60.0, 70.0, 1000L, NOW),
            new ModelRef("affinity", "v1", "file:///models/v1", Map.of("manifest.json", "ab"), NOW));

    @Test
    void shouldGetAnEventOrAReasonFromTheParserForEveryHostileRecord() {
        HostileRecords hostile = new HostileRecords(42, 700_000);
        Map<HostileRecords.Mutation, Integer> rejected = new EnumMap<>(HostileRecords.Mutation.class);
        for (Event valid : VALID) {
            EventParser<? extends Event> parser = new EventParser<>(valid.getClass(), HOUR);
            byte[] json = EventJson.toBytes(valid);
            for (int i = 0; i < 400; i++) {
                HostileRecords.Hostile record = hostile.next(json);

                ParseResult<? extends Event> result = parser.parse(record.value(), NOW);

                if (!result.isValid()) {
                    assertThat(result.reason())
                            .as(record.mutation() + " of " + valid)
                            .isNotBlank()
                            .hasSizeLessThan(2_000);
                    rejected.merge(record.mutation(), 1, Integer::sum);
                }
            }
        }
        for (HostileRecords.Mutation alwaysInvalid : List.of(
                HostileRecords.Mutation.TOMBSTONE,
                HostileRecords.Mutation.HUGE_NUMBER,
                HostileRecords.Mutation.NOT_AN_OBJECT,
                HostileRecords.Mutation.INVALID_UTF8,
                HostileRecords.Mutation.DEEP_NESTING)) {
            assertThat(rejected).as("rejections by mutation").containsKey(alwaysInvalid);
        }
    }

    @Test
    void shouldRejectAJsonNullForEveryRequiredField() {
        for (Event valid : VALID) {
            EventParser<? extends Event> parser = new EventParser<>(valid.getClass(), HOUR);
            var node = EventJson.mapper().valueToTree(valid);
            for (Entry<String, ?> field :
                    (Iterable<Entry<String, com.fasterxml.jackson.databind.JsonNode>>) node::fields) {
                var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
                copy.putNull(field.getKey());

                ParseResult<? extends Event> result = parser.parse(EventJson.toBytes(copy), NOW);

                if (result.isValid()) {
                    assertThat(optional(valid, field.getKey()))
                            .as(field.getKey() + " of " + valid.getClass().getSimpleName())
                            .isTrue();
                }
            }
        }
    }

    /** Fields an event may leave out: nulls there are fine. */
    private static boolean optional(Event event, String field) {
        return switch (event.getClass().getSimpleName()) {
            case "ExpertOrder" -> field.equals("refund");
            case "Engagement" -> field.equals("item");
            case "LiveSession" -> field.equals("shelf_items");
            case "ControlEvent" ->
                !field.equals("kind")
                        && !field.equals("event_time")
                        && !field.equals("brand")
                        && !field.equals("daily_budget");
            case "ModelRef" -> field.equals("checksums") || field.equals("created_at");
            default -> false;
        };
    }
}
