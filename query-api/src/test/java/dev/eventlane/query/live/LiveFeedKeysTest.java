package dev.eventlane.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.kafka.RecordKeys;

class LiveFeedKeysTest {

    @Test
    void theProjectIsReadFromAnEventKeyWithoutDecodingTheEvent() {
        assertThat(LiveFeed.projectOfKey(bytes(RecordKeys.user("pröject-1", "u1")))).isEqualTo("pröject-1");
        assertThat(LiveFeed.projectOfKey(bytes(RecordKeys.user("p2", null)))).isEqualTo("p2");
    }

    @Test
    void aKeyThatNamesNoProjectLeavesItToTheEvent() {
        assertThat(LiveFeed.projectOfKey(null)).isNull();
        assertThat(LiveFeed.projectOfKey(bytes("no-separator"))).isNull();
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
