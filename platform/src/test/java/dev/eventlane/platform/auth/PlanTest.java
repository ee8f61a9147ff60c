package dev.eventlane.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void defaultsFollowLogLogicsRetentionAndTheMinuteIsADayOver1440() {
        Map<String, Plan> plans = Plan.table(name -> Optional.empty());
        assertThat(plans.get(Plan.FREE).retention()).contains(Duration.ofHours(24));
        assertThat(plans.get(Plan.COMMUNITY).retention()).contains(Duration.ofDays(7));
        assertThat(plans.get(Plan.SUPPORTER).retention()).contains(Duration.ofDays(30));
        assertThat(plans.get(Plan.BROTHER).retention()).isEmpty();
        assertThat(plans.get(Plan.FREE).webhooks()).isFalse();
        assertThat(plans.get(Plan.SUPPORTER).webhooks()).isTrue();
        assertThat(plans.get(Plan.FREE).perMinute()).isEqualTo(plans.get(Plan.FREE).dailyEvents() / 1440);
        assertThat(plans.get(Plan.UNLIMITED).limited()).isFalse();
        assertThat(Plan.selectable(Plan.UNLIMITED)).isFalse();
        assertThat(Plan.selectable(Plan.BROTHER)).isTrue();
    }

    @Test
    void configurationOverridesEachValue() {
        Map<String, String> config = Map.of("eventlane.plans.free.daily-events", "2880",
                "eventlane.plans.free.retention", "48h", "eventlane.plans.brother.retention", "P90D",
                "eventlane.plans.supporter.retention", "forever", "eventlane.plans.community.webhooks", "true");
        Map<String, Plan> plans = Plan.table(name -> Optional.ofNullable(config.get(name)));
        assertThat(plans.get(Plan.FREE).perMinute()).isEqualTo(2);
        assertThat(plans.get(Plan.FREE).retention()).contains(Duration.ofHours(48));
        assertThat(plans.get(Plan.BROTHER).retention()).contains(Duration.ofDays(90));
        assertThat(plans.get(Plan.SUPPORTER).retention()).isEmpty();
        assertThat(plans.get(Plan.COMMUNITY).webhooks()).isTrue();
        assertThatThrownBy(() -> Plan.table(name -> name.endsWith("free.retention") ? Optional.of("soon")
                : Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
