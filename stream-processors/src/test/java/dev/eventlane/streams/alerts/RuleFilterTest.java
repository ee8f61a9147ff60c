package dev.eventlane.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.RulePredicate;
import dev.eventlane.schemas.Source;

/** A GQL rule's compiled filter on single records: the meaning the same filter has in a query on ClickHouse. */
class RuleFilterTest {

    private static final Instant AT = Instant.parse("2026-11-01T12:00:00Z");

    private final RuleRow error = RuleRow.of(log(4, "error", "Payment DECLINED for order 7",
            Map.of("service", "\"billing\"", "amount", "25.5", "retries", "\"3\"", "tags", "[\"a\",\"b\"]",
                    "said", "\"say \\\"hi\\\"\\n\"")));
    private final RuleRow flux = RuleRow.of(log(3, null, "disk full", Map.of()));
    private final RuleRow signup = RuleRow.of(event("signup", Map.of("plan", "\"pro\"", "seats", "12")));

    @Test
    void columnsCompareAsTheirTableHasThem() {
        assertThat(matches(column("eq", "severity", "error"), error)).isTrue();
        assertThat(matches(column("eq", "severity", "error"), flux)).isFalse();
        assertThat(matches(column("eq", "severity", ""), flux)).isTrue();
        assertThat(matches(column("eq", "source", "logflux"), flux)).isTrue();
        assertThat(matches(number("lte", "level", "3"), flux)).isTrue();
        assertThat(matches(number("lte", "level", "3"), error)).isFalse();
        assertThat(matches(column("eq", "name", "signup"), signup)).isTrue();
        assertThat(matches(column("neq", "name", "signup"), signup)).isFalse();
        assertThat(matches(column("contains", "message", "declined"), error)).isTrue();
        assertThat(matches(column("in", "severity", "warn", "error"), error)).isTrue();
        assertThat(matches(column("in", "severity", "warn", "fatal"), error)).isFalse();
        assertThat(matches(column("gt", "severity", "debug"), error)).isTrue();
        assertThat(matches(column("lt", "severity", "debug"), error)).isFalse();
    }

    @Test
    void anAbsentPropertyMatchesOnlyNeq() {
        assertThat(matches(property("eq", "service", "billing"), error)).isTrue();
        assertThat(matches(property("eq", "service", "billing"), flux)).isFalse();
        assertThat(matches(property("neq", "service", "billing"), flux)).isTrue();
        assertThat(matches(property("neq", "service", "billing"), error)).isFalse();
        assertThat(matches(property("in", "service", "billing"), flux)).isFalse();
        assertThat(matches(numberProperty("gt", "amount", "20"), flux)).isFalse();
        assertThat(matches(numberProperty("lt", "amount", "20"), flux)).isFalse();
    }

    @Test
    void propertiesCompareAsNumbersOrAsText() {
        assertThat(matches(numberProperty("gt", "amount", "20"), error)).isTrue();
        assertThat(matches(numberProperty("gte", "amount", "25.5"), error)).isTrue();
        assertThat(matches(numberProperty("eq", "amount", "25.50"), error)).isTrue();
        assertThat(matches(numberProperty("gt", "amount", "30"), error)).isFalse();
        // A string is not a number: it reads as 0, as visitParamExtractFloat has it.
        assertThat(matches(numberProperty("eq", "retries", "0"), error)).isTrue();
        assertThat(matches(property("eq", "retries", "3"), error)).isTrue();
        assertThat(matches(property("eq", "tags", "[\"a\",\"b\"]"), error)).isTrue();
        assertThat(matches(property("eq", "said", "say \"hi\"\n"), error)).isTrue();
        assertThat(matches(property("contains", "said", "SAY \"HI"), error)).isTrue();
        assertThat(matches(property("contains", "plan", "PR"), signup)).isTrue();
        assertThat(matches(numberProperty("lt", "seats", "20"), signup)).isTrue();
    }

    @Test
    void searchesLookInTheMessageOfALogAndThePropertiesOfAnEvent() {
        assertThat(matches(search("payment declined"), error)).isTrue();
        assertThat(matches(search("billing"), error)).isFalse();
        assertThat(matches(search("\"plan\":\"PRO\""), signup)).isTrue();
        assertThat(matches(search("signup"), signup)).isFalse();
    }

    @Test
    void andOrNotCombine() {
        RulePredicate billingErrors = node("and", column("eq", "severity", "error"),
                property("eq", "service", "billing"));
        assertThat(matches(billingErrors, error)).isTrue();
        assertThat(matches(billingErrors, flux)).isFalse();
        assertThat(matches(node("or", column("eq", "severity", "fatal"), number("lte", "level", "3")), flux))
                .isTrue();
        assertThat(matches(node("not", billingErrors), flux)).isTrue();
        assertThat(matches(node("not", billingErrors), error)).isFalse();
        assertThat(matches(null, flux)).isTrue();
    }

    private static boolean matches(RulePredicate predicate, RuleRow row) {
        return RuleFilter.matches(predicate, row);
    }

    private static RulePredicate column(String op, String column, String... values) {
        return RulePredicate.newBuilder().setOp(op).setColumn(column).setValues(List.of(values)).build();
    }

    private static RulePredicate number(String op, String column, String value) {
        return RulePredicate.newBuilder().setOp(op).setColumn(column).setNumeric(true).setValues(List.of(value))
                .build();
    }

    private static RulePredicate property(String op, String key, String... values) {
        return RulePredicate.newBuilder().setOp(op).setProperty(key).setValues(List.of(values)).build();
    }

    private static RulePredicate numberProperty(String op, String key, String value) {
        return RulePredicate.newBuilder().setOp(op).setProperty(key).setNumeric(true).setValues(List.of(value))
                .build();
    }

    private static RulePredicate search(String text) {
        return RulePredicate.newBuilder().setOp("search").setValues(List.of(text)).build();
    }

    private static RulePredicate node(String op, RulePredicate... children) {
        return RulePredicate.newBuilder().setOp(op).setChildren(List.of(children)).build();
    }

    private static LogEntry log(int level, String severity, String message, Map<String, String> properties) {
        return LogEntry.newBuilder().setLogId("log_1").setProjectId("p1")
                .setSource(severity == null ? Source.LOGFLUX : Source.GOODLOGS).setLevel(level).setSeverity(severity)
                .setTimestamp(AT).setReceivedAt(AT).setMessage(message).setProperties(properties)
                .setContext(EventContext.newBuilder().build()).build();
    }

    private static Event event(String name, Map<String, String> properties) {
        return Event.newBuilder().setEventId("evt_1").setProjectId("p1").setSource(Source.GOODLOGS).setName(name)
                .setUserId("u1").setTimestamp(AT).setReceivedAt(AT).setProperties(properties)
                .setContext(EventContext.newBuilder().build()).build();
    }
}
