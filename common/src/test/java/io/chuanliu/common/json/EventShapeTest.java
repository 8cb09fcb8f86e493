package io.chuanliu.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.UserActivity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventShapeTest {

    private static final long NOW = 1_763_900_000_000L; // 2025-11-23T12:13:20Z
    private static final long HOUR = 3_600_000L;

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A platform that nests its ids, names the kind "action" with its own words, and writes local times. */
    private static final Map<String, String> PLATFORM = Map.of(
            "field.user", "actor.uid",
            "field.brand", "shop_id",
            "field.expert", "kol_id",
            "field.kind", "action",
            "field.event_time", "ts",
            "value.kind.FAV", "like",
            "value.kind.add_cart", "cart",
            "time-format", "yyyy-MM-dd HH:mm:ss",
            "time-zone", "Asia/Shanghai");

    @Test
    void shouldReadAPlatformsOwnEngagementAsTheEventItMeans() {
        EventParser<Engagement> parser =
                new EventParser<>(Engagement.class, HOUR, EventShape.of(PLATFORM, Engagement.class));

        ParseResult<Engagement> result = parser.parse(
                json(
                        "{\"actor\":{\"uid\":\"u7\"},\"shop_id\":\"b3\",\"kol_id\":\"e2\",\"action\":\"fav\",\"ts\":\"2025-11-23 20:13:20\"}"),
                NOW);

        assertThat(result.isValid()).isTrue();
        assertThat(result.event()).isEqualTo(new Engagement("u7", "b3", null, "e2", EngagementKind.LIKE, NOW));
    }

    @Test
    void shouldDeadLetterWhatTheShapeCannotReadWithAReasonNamingTheField() {
        EventParser<Engagement> parser =
                new EventParser<>(Engagement.class, HOUR, EventShape.of(PLATFORM, Engagement.class));

        ParseResult<Engagement> badTime = parser.parse(
                json(
                        "{\"actor\":{\"uid\":\"u7\"},\"shop_id\":\"b3\",\"kol_id\":\"e2\",\"action\":\"fav\",\"ts\":\"yesterday\"}"),
                NOW);
        ParseResult<Engagement> unknownKind = parser.parse(
                json(
                        "{\"actor\":{\"uid\":\"u7\"},\"shop_id\":\"b3\",\"kol_id\":\"e2\",\"action\":\"share\",\"ts\":\"2025-11-23 20:13:20\"}"),
                NOW);
        ParseResult<Engagement> noUser = parser.parse(
                json("{\"shop_id\":\"b3\",\"kol_id\":\"e2\",\"action\":\"fav\",\"ts\":\"2025-11-23 20:13:20\"}"), NOW);
        ParseResult<Engagement> notAnObject = parser.parse(json("[1,2]"), NOW);

        assertThat(badTime.reason())
                .isEqualTo("field 'event_time': \"yesterday\" is not a time in format yyyy-MM-dd HH:mm:ss "
                        + "(input field 'ts')");
        assertThat(unknownKind.reason())
                .isEqualTo(
                        "field 'kind': value 'share' is not a valid EngagementKind (expected one of like, cart, view)");
        assertThat(noUser.reason()).isEqualTo("missing field 'user'");
        assertThat(notAnObject.reason()).isEqualTo("record is not a JSON object");
    }

    @Test
    void shouldReadEpochSecondsAndIsoTimes() {
        EventParser<UserActivity> seconds = new EventParser<>(
                UserActivity.class,
                HOUR,
                EventShape.of(Map.of("time-format", "epoch_s", "field.user", "uid"), UserActivity.class));
        EventParser<UserActivity> iso = new EventParser<>(
                UserActivity.class, HOUR, EventShape.of(Map.of("time-format", "iso"), UserActivity.class));

        assertThat(seconds.parse(json("{\"uid\":\"u1\",\"surface\":\"feed\",\"event_time\":1763900000}"), NOW)
                        .event())
                .isEqualTo(new UserActivity("u1", "feed", NOW));
        assertThat(seconds.parse(json("{\"uid\":\"u1\",\"surface\":\"feed\",\"event_time\":\"1763900000.5\"}"), NOW)
                        .event())
                .isEqualTo(new UserActivity("u1", "feed", NOW + 500));
        assertThat(iso.parse(
                                json(
                                        "{\"user\":\"u1\",\"surface\":\"feed\",\"event_time\":\"2025-11-23T20:13:20+08:00\"}"),
                                NOW)
                        .event())
                .isEqualTo(new UserActivity("u1", "feed", NOW));
        assertThat(iso.parse(
                                json("{\"user\":\"u1\",\"surface\":\"feed\",\"event_time\":\"2025-11-23T12:13:20Z\"}"),
                                NOW)
                        .event())
                .isEqualTo(new UserActivity("u1", "feed", NOW));
    }

    @Test
    void shouldSwapTwoFieldsThatAPlatformNamesTheOtherWayRound() {
        EventParser<UserActivity> swapped = new EventParser<>(
                UserActivity.class,
                HOUR,
                EventShape.of(Map.of("field.user", "surface", "field.surface", "user"), UserActivity.class));

        assertThat(swapped.parse(json("{\"user\":\"feed\",\"surface\":\"u1\",\"event_time\":" + NOW + "}"), NOW)
                        .event())
                .isEqualTo(new UserActivity("u1", "feed", NOW));
    }

    @Test
    void shouldRefuseAMappingThatNamesNoFieldOrAnUnusableFormat() {
        assertThatThrownBy(() -> EventShape.of(Map.of("field.uid", "user_id"), UserActivity.class))
                .hasMessage("field.uid: the event has no field 'uid'; its fields are [user, surface, event_time]");
        assertThatThrownBy(() -> EventShape.of(Map.of("time-format", "yyyy-MM-dd pp"), UserActivity.class))
                .hasMessageStartingWith("time-format: 'yyyy-MM-dd pp' in time-zone 'UTC' is not usable");
        assertThatThrownBy(() -> EventShape.of(Map.of("value.kind", "like"), Engagement.class))
                .hasMessageContaining("expected value.<field>.<input value>=<event value>");
        assertThatThrownBy(() -> EventShape.of(Map.of("rename.user", "x"), UserActivity.class))
                .hasMessageStartingWith("rename.user: unknown");
        assertThat(EventShape.of(Map.of(), UserActivity.class).isIdentity()).isTrue();
    }
}
