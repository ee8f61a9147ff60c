package dev.eventlane.query.web.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.web.service.WebFilter.Term;

class WebFilterTest {

    @Test
    void termsKeysValuesNegationAndQuotes() {
        WebFilter filter = WebFilter.parse("  country:RO|US !device:mobile path:\"/a b|c\\\"d\" search:check  ");
        assertThat(filter.terms()).containsExactly(new Term("country", List.of("RO", "US"), false),
                new Term("device", List.of("mobile"), true), new Term("path", List.of("/a b|c\"d"), false),
                new Term("search", List.of("check"), false));
    }

    @Test
    void absentOrBlankIsNoFilter() {
        assertThat(WebFilter.parse(null).isEmpty()).isTrue();
        assertThat(WebFilter.parse(" \t").sql()).isEqualTo("1");
    }

    @Test
    void sqlHasEveryValueAsAnEscapedLiteral() {
        assertThat(WebFilter.parse("!country:ro|US path:\"it's\"").sql()).isEqualTo(
                "(NOT (lowerUTF8(country) = 'ro' OR lowerUTF8(country) = 'us') AND (path = 'it\\'s'))");
        assertThat(WebFilter.parse("custom_event_name:a\\b").sql())
                .isEqualTo("(((event_type = 'custom' AND name = 'a\\\\b')))");
    }

    @Test
    void filtersOnTheSessionItsVisitorOrTheEventTypeAreSessionConditions() {
        assertThat(WebFilter.none().sessionSql("p", "e")).contains("(p > 0 OR e > p)");
        assertThat(WebFilter.parse("session_id:a|b'c !visitor_id:v event_type:custom").sessionSql("p", "e"))
                .contains("(session_id = 'a' OR session_id = 'b\\'c') AND NOT (visitor_id = 'v') AND (e > p)");
        assertThat(WebFilter.parse("!event_type:custom").sessionSql("p", "e")).contains("(p > 0)");
        assertThat(WebFilter.parse("event_type:pageview !event_type:pageview").sessionSql("p", "e")).contains("0");
        assertThat(WebFilter.parse("event_type:pageview path:/a").sessionSql("p", "e")).isEmpty();
        assertThat(WebFilter.parse("search:x").sessionSql("p", "e")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "colour:red; has an unknown key 'colour'",
        "path; is not key:value",
        "path /x; is not key:value",
        "path:; has an empty value",
        "path:/a|; has an empty value",
        "path:\"/a; without its closing quote",
        "path:/a\"b; a quote inside an unquoted value",
        "path:\"/a\"x; unexpected 'x' at position 10",
        "event_type:click; event_type must be pageview or custom",
        "!:x; has an unknown key ''"})
    void badFiltersAre400sThatSayWhat(String filter, String message) {
        assertThatThrownBy(() -> WebFilter.parse(filter)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_filter");
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void sizesAreBounded() {
        assertThat(WebFilter.parse("path:" + "x".repeat(WebFilter.MAX_VALUE_LENGTH)).terms()).hasSize(1);
        assertThatThrownBy(() -> WebFilter.parse("path:" + "x".repeat(WebFilter.MAX_VALUE_LENGTH + 1)))
                .hasMessageContaining("longer than 500");
        assertThatThrownBy(() -> WebFilter.parse("path:a ".repeat(WebFilter.MAX_TERMS + 1)))
                .hasMessageContaining("more than 20 terms");
        assertThatThrownBy(() -> WebFilter.parse("path:a" + "|a".repeat(WebFilter.MAX_VALUES)))
                .hasMessageContaining("more than 50 values");
        assertThatThrownBy(() -> WebFilter.parse("x".repeat(WebFilter.MAX_LENGTH + 1)))
                .hasMessageContaining("longer than 2000");
        assertThatThrownBy(() -> WebFilter.parse("path:\"a\u0000\"")).hasMessageContaining("NUL");
    }
}
