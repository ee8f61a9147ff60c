package dev.eventlane.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which refusals a sink dead-letters (the rows' fault) and which it retries (the server's). */
class ClickHouseErrorsTest {

    @Test
    void codeIsReadFromTheBodyOfBothGenerations() {
        assertThat(ClickHouseErrors.codeIn("Code: 27, e.displayText() = DB::Exception: Cannot parse input"))
                .isEqualTo(27);
        assertThat(ClickHouseErrors.codeIn("Code: 252. DB::Exception: Too many partitions for single INSERT block"
                + " (more than 100). (TOO_MANY_PARTS) (version 24.8.4.13 (official build))")).isEqualTo(252);
        assertThat(ClickHouseErrors.codeIn("Service Unavailable")).isEqualTo(ClickHouseException.NO_CODE);
    }

    @Test
    void rowsThatDoNotFitTheirColumnsAreContentErrors() {
        assertThat(content("Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected \\t", 27)).isTrue();
        assertThat(content("Code: 6. DB::Exception: Cannot parse string 'x' as UInt32", 6)).isTrue();
        assertThat(content("Code: 321. DB::Exception: Value is out of range of data type", 321)).isTrue();
    }

    @Test
    void aBatchOverTooManyMonthsIsAContentErrorButTooManyPartsIsNot() {
        assertThat(content("Code: 252. DB::Exception: Too many partitions for single INSERT block (more than 100)."
                + " The limit is controlled by 'max_partitions_per_insert_block' setting. (TOO_MANY_PARTS)", 252))
                .isTrue();
        assertThat(content("Code: 252. DB::Exception: Too many parts (300). Merges are processing significantly"
                + " slower than inserts. (TOO_MANY_PARTS)", 252)).isFalse();
    }

    @Test
    void serverTroubleIsRetried() {
        assertThat(content("Code: 60, e.displayText() = DB::Exception: Table eventlane.events doesn't exist.", 60))
                .isFalse();
        assertThat(content("Code: 241. DB::Exception: Memory limit (total) exceeded", 241)).isFalse();
        assertThat(content("Code: 159. DB::Exception: Timeout exceeded", 159)).isFalse();
        assertThat(ClickHouseErrors.isContentError(new ClickHouseException("ClickHouse unreachable",
                new java.io.IOException("Connection refused")))).isFalse();
    }

    private static boolean content(String message, int code) {
        return ClickHouseErrors.isContentError(new ClickHouseException("ClickHouse answered 500: " + message, code));
    }
}
