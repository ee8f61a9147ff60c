package dev.eventlane.streams.shared;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Revenue amounts, parsed with work bounded by a constant whatever the text says.
 *
 * <p>An amount is a decimal number with |amount| &lt; 10^15 and at most 10 decimal places (the {@code purchases}
 * column is {@code Decimal(38, 10)}, so sums of such amounts fit). Anything else is not an amount. The shape is
 * checked on the text before any {@link BigDecimal} is built: {@code new BigDecimal("1e10000000")} is cheap, but
 * rescaling it to 10 decimals builds a ten-million-digit number and stalls the partition for good.
 */
public final class Amounts {

    /** Decimal places an amount may have; more is not an amount. */
    public static final int MAX_SCALE = 10;
    /** Integer digits an amount may have: |amount| &lt; 10^15. */
    public static final int MAX_INTEGER_DIGITS = 15;
    /** Longer texts are refused unread: 15 integer digits, 10 decimals, sign, point and an exponent fit well. */
    static final int MAX_TEXT_LENGTH = 64;
    /** Exponents beyond this cannot give an amount from a text of {@link #MAX_TEXT_LENGTH} characters. */
    private static final int MAX_EXPONENT_DIGITS = 3;

    private Amounts() {
    }

    /**
     * The amount in {@code text}, a plain decimal number ({@code 12}, {@code -0.5}, {@code 1.2e3}), or empty when
     * the text is not one or it is out of range. The result has no trailing zeros.
     */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH || !isDecimalLiteral(text)) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(text).stripTrailingZeros();
        if (amount.signum() == 0) {
            return Optional.of(BigDecimal.ZERO);
        }
        if (amount.scale() > MAX_SCALE || amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            return Optional.empty();
        }
        return Optional.of(amount);
    }

    /**
     * An optional sign, digits with at most one point (at least one digit), and an optional exponent of at most
     * {@link #MAX_EXPONENT_DIGITS} digits. What {@link BigDecimal} would take beyond that (huge exponents) it never
     * sees.
     */
    private static boolean isDecimalLiteral(String text) {
        int i = 0;
        int length = text.length();
        if (text.charAt(i) == '-' || text.charAt(i) == '+') {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i == length) {
            return true;
        }
        if (text.charAt(i) != 'e' && text.charAt(i) != 'E') {
            return false;
        }
        i++;
        if (i < length && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int exponentDigits = length - i;
        if (exponentDigits == 0 || exponentDigits > MAX_EXPONENT_DIGITS) {
            return false;
        }
        for (; i < length; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
