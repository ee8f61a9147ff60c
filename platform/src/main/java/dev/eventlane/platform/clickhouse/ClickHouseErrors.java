package dev.eventlane.platform.clickhouse;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a refusal of the data (the same rows will be refused again, however often they are sent) from a failure of
 * the server or the way to it (worth retrying). A sink splits a batch refused for its content and dead-letters the
 * rows that are refused alone; everything else it retries. Only codes about the inserted values are content errors:
 * a missing table or column, memory, too many parts, timeouts and unknown codes are retried, since they are fixed
 * on the server and a wrong guess there would dead-letter good rows.
 */
public final class ClickHouseErrors {

    /** {@code Code: 27, e.displayText() = ...} (18.16) or {@code Code: 27. DB::Exception: ...} (current). */
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)[,.]");

    /** TOO_MANY_PARTS: too many partitions in one insert block is about the rows; too many parts is not. */
    static final int TOO_MANY_PARTS = 252;

    /**
     * Error codes raised by values that do not fit their column or a function a materialized view applies to them.
     */
    static final Set<Integer> CONTENT_CODES = Set.of(
            6,    // CANNOT_PARSE_TEXT
            25,   // CANNOT_PARSE_ESCAPE_SEQUENCE
            26,   // CANNOT_PARSE_QUOTED_STRING
            27,   // CANNOT_PARSE_INPUT_ASSERTION_FAILED: a field missing, extra or not of its type
            32,   // ATTEMPT_TO_READ_AFTER_EOF: a row cut short
            33,   // CANNOT_READ_ALL_DATA
            38,   // CANNOT_PARSE_DATE
            41,   // CANNOT_PARSE_DATETIME
            53,   // TYPE_MISMATCH
            69,   // ARGUMENT_OUT_OF_BOUND
            70,   // CANNOT_CONVERT_TYPE
            72,   // CANNOT_PARSE_NUMBER
            117,  // INCORRECT_DATA
            130,  // CANNOT_READ_ARRAY_FROM_TEXT
            131,  // TOO_LARGE_STRING_SIZE
            190,  // SIZES_OF_ARRAYS_DOESNT_MATCH
            321,  // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            349,  // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
            395,  // FUNCTION_THROW_IF_VALUE_IS_NON_ZERO
            407,  // DECIMAL_OVERFLOW
            691); // UNKNOWN_ELEMENT_OF_ENUM

    /** The codes of a refused login: not the data and not the server, the configuration is wrong. */
    static final Set<Integer> LOGIN_CODES = Set.of(
            192,  // UNKNOWN_USER
            193,  // WRONG_PASSWORD
            194,  // REQUIRED_PASSWORD
            195,  // IP_ADDRESS_NOT_ALLOWED
            516); // AUTHENTICATION_FAILED (current releases)

    /** The codes of a SELECT stopped by a per-query limit (settings of the read-only user or of the request). */
    static final Set<Integer> QUERY_LIMIT_CODES = Set.of(
            158,  // TOO_MANY_ROWS
            159,  // TIMEOUT_EXCEEDED
            160,  // TOO_SLOW
            241,  // MEMORY_LIMIT_EXCEEDED
            307,  // TOO_MANY_BYTES
            396); // TOO_MANY_ROWS_OR_BYTES

    private ClickHouseErrors() {
    }

    /** Whether a query was stopped by a limit on its time, memory or rows read: a narrower query may pass. */
    public static boolean isQueryLimit(int code) {
        return QUERY_LIMIT_CODES.contains(code);
    }

    /** Whether {@code code} says ClickHouse refused the user or password. */
    public static boolean isLoginRefused(int code) {
        return LOGIN_CODES.contains(code);
    }

    /** Whether ClickHouse refused the rows themselves, so sending them again cannot succeed. */
    public static boolean isContentError(ClickHouseException e) {
        int code = e.code();
        if (code == TOO_MANY_PARTS) {
            // max_partitions_per_insert_block (current releases): the batch spans too many months.
            return String.valueOf(e.getMessage()).contains("partitions for single INSERT block");
        }
        return CONTENT_CODES.contains(code);
    }

    /** The error code in a ClickHouse error body, or {@link ClickHouseException#NO_CODE}. */
    static int codeIn(String body) {
        Matcher matcher = CODE.matcher(body);
        if (matcher.find() && matcher.start() < 64) {
            try {
                return Integer.parseInt(matcher.group(1));
            } catch (NumberFormatException e) {
                return ClickHouseException.NO_CODE;
            }
        }
        return ClickHouseException.NO_CODE;
    }
}
