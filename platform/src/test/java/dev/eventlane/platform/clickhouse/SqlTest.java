package dev.eventlane.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void quotesHostileInput() {
        assertThat(Sql.quote("a' OR 1=1 --")).isEqualTo("'a\\' OR 1=1 --'");
        assertThat(Sql.quote("back\\slash\\'")).isEqualTo("'back\\\\slash\\\\\\''");
        assertThat(Sql.quote("tab\tnl\n")).isEqualTo("'tab\\tnl\\n'");
    }

    @Test
    void tsvEscapesRoundTrip() {
        String nasty = "x\t\\y\nz'\r\0\b\f end\\";
        StringBuilder out = new StringBuilder();
        Sql.appendTsv(out, nasty);

        assertThat(out.toString()).doesNotContain("\t").doesNotContain("\n");
        assertThat(Sql.unescapeTsv(out.toString())).isEqualTo(nasty);
    }
}
