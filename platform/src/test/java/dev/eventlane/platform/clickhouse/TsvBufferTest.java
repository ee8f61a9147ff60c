package dev.eventlane.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The byte buffer writes exactly what escaping into a String and encoding it as UTF-8 wrote. */
class TsvBufferTest {

    /** Characters with an escape in TabSeparated or JSON, non-ASCII ones, and both halves of a surrogate pair. */
    private static final String POOL = "ab Z09\\'\"\t\n\r\0\b\f\u0001\u001f{}:,\u00e9\u00df\u20ac\u4e2d\uffff"
            + "\ud834\udd1e\ud834\udd1e";

    @Test
    void textIsEscapedAsSqlEscapesIt() {
        for (String value : List.of("", "plain", "tab\there", "new\nline", "back\\slash", "it's", "nul\0",
                "\u00e9t\u00e9 \u20ac \u4e2d", "clef \ud834\udd1e", "lone \ud834 high", "lone \udd1e low",
                "end \ud834")) {
            assertThat(new TsvBuffer(1).text(value).toByteArray()).as(value).isEqualTo(expectedText(value));
        }
    }

    @Test
    void randomTextAndPropertiesMatchTheStringPath() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            String value = randomText(random);
            assertThat(new TsvBuffer().text(value).toByteArray()).as(value).isEqualTo(expectedText(value));

            Map<String, String> properties = new HashMap<>();
            int size = random.nextInt(4);
            for (int p = 0; p < size; p++) {
                properties.put(randomText(random), randomText(random));
            }
            assertThat(new TsvBuffer().jsonObject(properties).toByteArray()).as(properties.toString())
                    .isEqualTo(expectedText(EventRows.dataJson(properties)));
        }
    }

    @Test
    void numbersAreWrittenInDecimal() {
        for (long n : new long[] {0, 7, 9, 10, 99, -1, -10, 1_700_000_000_123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(new TsvBuffer(1).number(n).toString()).isEqualTo(Long.toString(n));
        }
    }

    @Test
    void aRowThatCouldNotBeWrittenIsCutOff() {
        TsvBuffer rows = new TsvBuffer(4);
        rows.text("kept").tab().number(1).newline();
        int end = rows.length();
        rows.text("half a row\t");
        rows.setLength(end);
        assertThat(rows.toString()).isEqualTo("kept\t1\n");
    }

    private static byte[] expectedText(String value) {
        StringBuilder out = new StringBuilder();
        Sql.appendTsv(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String randomText(Random random) {
        int length = random.nextInt(12);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(POOL.charAt(random.nextInt(POOL.length())));
        }
        return text.toString();
    }
}
