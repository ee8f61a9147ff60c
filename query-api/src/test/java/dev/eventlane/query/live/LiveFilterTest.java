package dev.eventlane.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.eventlane.query.control.service.ControlException;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;

class LiveFilterTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Event PURCHASE = Event.newBuilder().setEventId("e1").setProjectId("p1")
            .setSource(Source.GOODLOGS).setName("purchase").setUserId("u1").setFunnel("checkout").setTimestamp(T0)
            .setReceivedAt(T0).setContext(EventContext.newBuilder().build()).build();

    @Test
    void blankFiltersMatchEverything() {
        assertThat(LiveFilter.of(null, "", " ", null).matches(PURCHASE)).isTrue();
    }

    @Test
    void eachGivenFieldMustMatchExactly() {
        assertThat(LiveFilter.of("purchase", "u1", "checkout", "GoodLogs").matches(PURCHASE)).isTrue();
        assertThat(LiveFilter.of("Purchase", null, null, null).matches(PURCHASE)).isFalse();
        assertThat(LiveFilter.of(null, "u2", null, null).matches(PURCHASE)).isFalse();
        assertThat(LiveFilter.of(null, null, "signup", null).matches(PURCHASE)).isFalse();
        assertThat(LiveFilter.of(null, null, null, "loglogic").matches(PURCHASE)).isFalse();
        Event anonymous = Event.newBuilder(PURCHASE).setUserId(null).setFunnel(null).build();
        assertThat(LiveFilter.of(null, "u1", null, null).matches(anonymous)).isFalse();
        assertThat(LiveFilter.of(null, null, "checkout", null).matches(anonymous)).isFalse();
    }

    @Test
    void anUnknownSourceOrAnOverlongValueIsAValidationError() {
        assertThatThrownBy(() -> LiveFilter.of(null, null, null, "kafka")).isInstanceOf(ControlException.class)
                .hasMessageContaining("source must be one of").extracting(e -> ((ControlException) e).status())
                .isEqualTo(400);
        assertThatThrownBy(() -> LiveFilter.of("a".repeat(257), null, null, null))
                .isInstanceOf(ControlException.class).hasMessageContaining("action");
    }
}
