package dev.eventlane.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void readsBearerKeysAndNothingElse() {
        assertThat(ApiKeys.bearer("Bearer ll_a")).contains("ll_a");
        assertThat(ApiKeys.bearer("bearer   ll_b ")).contains("ll_b");
        for (String header : new String[] {null, "", "Bearer ", "Basic ll_a", "ll_a"}) {
            assertThat(ApiKeys.bearer(header)).as(String.valueOf(header)).isEqualTo(Optional.empty());
        }
    }

    @Test
    void mintsLettersAndDigitsAfterThePrefixAndMasksAllButTheEnd() {
        String key = ApiKeys.random("gl_sk_eu_", ApiKeys.RANDOM_CHARS);
        assertThat(key).matches("gl_sk_eu_[A-Za-z0-9]{48}");
        assertThat(ApiKeys.random("ll_", ApiKeys.RANDOM_CHARS)).hasSize(51).isNotEqualTo(ApiKeys.random("ll_", 48));
        assertThat(ApiKeys.mask(key)).isEqualTo("gl_sk_eu_…" + key.substring(key.length() - 4));
    }

    @Test
    void hashesAreSha256Hex() {
        assertThat(ApiKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
