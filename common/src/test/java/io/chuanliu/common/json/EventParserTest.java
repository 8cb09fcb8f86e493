package io.chuanliu.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventParserTest {

    private static final long NOW = 1_763_900_000_000L;
    private static final long HOUR = 3_600_000L;

    private final EventParser<ExpertOrder> orders = new EventParser<>(ExpertOrder.class, HOUR);

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String order(String fields) {
        return "{\"order_id\":\"o1\",\"user\":\"u1\",\"brand\":\"b1\",\"item\":\"i1\",\"expert\":\"e1\","
                + "\"channel\":\"expert_live\",\"amount_cents\":1999,\"quantity\":1,\"event_time\":" + NOW
                + fields + "}";
    }

    @Test
    void shouldParseAValidExpertOrder() {
        ParseResult<ExpertOrder> result = orders.parse(json(order("")), NOW);

        assertThat(result.isValid()).isTrue();
        assertThat(result.event())
                .isEqualTo(
                        new ExpertOrder("o1", "u1", "b1", "i1", "e1", OrderChannel.EXPERT_LIVE, 1999, 1, NOW, false));
    }

    @Test
    void shouldRoundTripEveryEventThroughJson() {
        var order = new ExpertOrder("o1", "u1", "b1", "i1", null, OrderChannel.BRAND_LIVE, 100, 2, NOW, true);
        var engagement = new Engagement("u1", "b1", "i1", "e1", EngagementKind.CART, NOW);
        var session = new LiveSession("b1", "s1", SessionStatus.LIVE, NOW, NOW + HOUR, List.of("i1", "i2"), NOW);
        var activity = new UserActivity("u1", "feed", NOW);

        assertThat(orders.parse(EventJson.toBytes(order), NOW).event()).isEqualTo(order);
        assertThat(new EventParser<>(Engagement.class, HOUR)
                        .parse(EventJson.toBytes(engagement), NOW)
                        .event())
                .isEqualTo(engagement);
        assertThat(new EventParser<>(LiveSession.class, HOUR)
                        .parse(EventJson.toBytes(session), NOW)
                        .event())
                .isEqualTo(session);
        assertThat(new EventParser<>(UserActivity.class, HOUR)
                        .parse(EventJson.toBytes(activity), NOW)
                        .event())
                .isEqualTo(activity);
    }

    @Test
    void shouldWriteSnakeCaseWireNames() {
        var order = new ExpertOrder("o1", "u1", "b1", "i1", "e1", OrderChannel.EXPERT_VIDEO, 100, 1, NOW, false);

        assertThat(EventJson.toJson(order))
                .contains("\"order_id\":\"o1\"", "\"channel\":\"expert_video\"", "\"amount_cents\":100");
    }

    @Test
    void shouldRejectMalformedJson() {
        assertThat(orders.parse(json("{\"order_id\":"), NOW).reason()).startsWith("malformed JSON");
        assertThat(orders.parse(json("not json"), NOW).reason()).startsWith("malformed JSON");
        assertThat(orders.parse(json(order("").substring(0, 40)), NOW).reason())
                .startsWith("malformed JSON: Unexpected end-of-input");
    }

    @Test
    void shouldNameTheMissingField() {
        String withoutUser = order("").replace("\"user\":\"u1\",", "");

        assertThat(orders.parse(json(withoutUser), NOW).reason()).isEqualTo("missing field 'user'");
    }

    @Test
    void shouldRejectAnUnknownChannelAndListTheKnownOnes() {
        String reason = orders.parse(json(order("").replace("expert_live", "teleshopping")), NOW)
                .reason();

        assertThat(reason).contains("channel", "'teleshopping'", "expert_live", "brand_live");
    }

    @Test
    void shouldNameTheFieldWithAValueOfTheWrongType() {
        String reason = orders.parse(json(order("").replace(String.valueOf(NOW), "\"yesterday\"")), NOW)
                .reason();

        assertThat(reason).isEqualTo("field 'event_time': value 'yesterday' is not a valid long");
    }

    @Test
    void shouldRejectANegativeAmount() {
        String reason = orders.parse(json(order("").replace("1999", "-5")), NOW).reason();

        assertThat(reason).isEqualTo("field 'amount_cents' must not be negative, got -5");
    }

    @Test
    void shouldRejectATimestampFarInTheFuture() {
        String future = order("").replace(String.valueOf(NOW), String.valueOf(NOW + 48 * HOUR));

        assertThat(orders.parse(json(future), NOW).reason()).contains("in the future");
    }

    @Test
    void shouldRejectATimestampInSeconds() {
        String seconds = order("").replace(String.valueOf(NOW), String.valueOf(NOW / 1000));

        assertThat(orders.parse(json(seconds), NOW).reason()).contains("expected epoch milliseconds");
    }

    @Test
    void shouldRequireTheExpertOnlyForExpertChannels() {
        String brandLive = order("").replace("\"expert\":\"e1\",", "").replace("expert_live", "brand_live");
        String expertLive = order("").replace("\"expert\":\"e1\",", "");

        assertThat(orders.parse(json(brandLive), NOW).isValid()).isTrue();
        assertThat(orders.parse(json(expertLive), NOW).reason()).isEqualTo("missing field 'expert'");
    }

    @Test
    void shouldRejectEmptyAndNullRecords() {
        assertThat(orders.parse(new byte[0], NOW).reason()).isEqualTo("empty record");
        assertThat(orders.parse(json("null"), NOW).reason()).isEqualTo("record is JSON null");
    }

    @Test
    void shouldValidateControlEventsByKind() {
        var parser = new EventParser<>(ControlEvent.class, HOUR);

        assertThat(parser.parse(json("{\"kind\":\"opt_out\",\"user\":\"u1\",\"event_time\":" + NOW + "}"), NOW)
                        .isValid())
                .isTrue();
        assertThat(parser.parse(json("{\"kind\":\"opt_out\",\"event_time\":" + NOW + "}"), NOW)
                        .reason())
                .isEqualTo("missing field 'user'");
        assertThat(parser.parse(
                                json("{\"kind\":\"seller_scores\",\"brand\":\"b1\",\"product_score\":140,"
                                        + "\"event_time\":" + NOW + "}"),
                                NOW)
                        .reason())
                .contains("product_score", "0..100");
        assertThat(parser.parse(
                                json("{\"kind\":\"brand_budget\",\"brand\":\"b1\",\"daily_budget\":-1,"
                                        + "\"event_time\":" + NOW + "}"),
                                NOW)
                        .reason())
                .contains("daily_budget");
    }

    @Test
    void shouldRejectALiveSessionThatEndsBeforeItStarts() {
        var parser = new EventParser<>(LiveSession.class, HOUR);
        var session = new LiveSession("b1", "s1", SessionStatus.SCHEDULED, NOW, NOW - 1, List.of(), NOW);

        assertThat(parser.parse(EventJson.toBytes(session), NOW).reason())
                .isEqualTo("end_time must be after start_time");
    }
}
