package dev.eventlane.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventlane.streams.shared.Amounts;

class AmountsTest {

    @ParameterizedTest
    @CsvSource({
            "19.99, 19.99",
            "-0.5, -0.5",
            "+3, 3",
            "1e2, 100",
            "1.50E+1, 15",
            "100.000000000000000000, 100",
            "0.0000000001, 0.0000000001",
            "0e999, 0",
            "-0, 0",
            "999999999999999.9999999999, 999999999999999.9999999999",
            "123456789012345e-10, 12345.6789012345",
            ".5, 0.5",
            "5., 5"})
    void decimalsInRangeAreAmounts(String text, String expected) {
        assertThat(Amounts.parse(text)).hasValueSatisfying(
                amount -> assertThat(amount).isEqualByComparingTo(new BigDecimal(expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000000000000", "-1e15", "0.00000000001", "1e-11", "1e16", "12.345678901234",
            "1e1000", "1e-1000", "", ".", "-", "e5", "1e", "1e+", "1.2.3", "0x10", "NaN", "Infinity", "1_000",
            " 1", "1 ", "١٢٣", "1e0001", "true", "\"5\""})
    void anythingElseIsNotAnAmount(String text) {
        assertThat(Amounts.parse(text)).isEmpty();
    }

    /** Each of these once cost time proportional to its exponent or length; a hang fails the test. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void hugeMagnitudesAndLengthsAreRefusedWithoutArithmetic() {
        assertThat(Amounts.parse("1e10000000")).isEmpty();
        assertThat(Amounts.parse("1e-2147483648")).isEmpty();
        assertThat(Amounts.parse("9".repeat(1 << 20))).isEmpty();
        assertThat(Amounts.parse("0." + "0".repeat(1 << 20) + "1")).isEmpty();
        assertThat(Purchases.amount("1e10000000")).isZero();
        assertThat(Purchases.amount("\"1E+999999999\"")).isZero();
    }
}
