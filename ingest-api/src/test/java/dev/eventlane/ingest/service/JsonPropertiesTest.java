package dev.eventlane.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonPropertiesTest {

    @Test
    void utf8LengthCountsAsTheEncoderDoes() {
        for (String text : List.of("", "plain", "é and ß", "€ sign", "\uD83D\uDE00 emoji", "lone \uD800 half",
                "end \uDBFF")) {
            assertThat(JsonProperties.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
