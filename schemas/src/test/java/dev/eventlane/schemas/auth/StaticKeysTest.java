package dev.eventlane.schemas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class StaticKeysTest {

    private final StaticKeys keys = new StaticKeys(List.of("ll_a=project-a", " ll_b = project-b "));

    @Test
    void resolvesBearerKeysToTheirProject() {
        assertThat(keys.projectOfRequest("Bearer ll_a", r -> new IllegalStateException(r.code())))
                .isEqualTo("project-a");
        assertThat(keys.projectOfRequest("bearer   ll_b ", r -> new IllegalStateException(r.code())))
                .isEqualTo("project-b");
    }

    @Test
    void refusesMissingAndUnknownKeys() {
        for (String header : new String[] {null, "", "Bearer ", "Basic ll_a", "ll_a"}) {
            assertThatThrownBy(() -> keys.projectOfRequest(header, r -> new IllegalStateException(r.code())))
                    .hasMessage("missing_key");
        }
        assertThatThrownBy(() -> keys.projectOfRequest("Bearer ll_c", r -> new IllegalStateException(r.code())))
                .hasMessage("invalid_key");
        assertThatThrownBy(() -> keys.projectOfRequest("Bearer ll_a=project-a",
                r -> new IllegalStateException(r.code()))).hasMessage("invalid_key");
    }

    @Test
    void rejectsMalformedEntries() {
        assertThatThrownBy(() -> new StaticKeys(List.of("no-separator"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StaticKeys(List.of("key="))).isInstanceOf(IllegalArgumentException.class);
    }
}
