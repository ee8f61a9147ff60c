package dev.eventlane.streams.alerts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import dev.eventlane.schemas.RulePredicate;

/**
 * Applies a GQL rule's compiled filter ({@link RulePredicate}) to a record, with the meaning the same filter has in
 * a GQL query on ClickHouse: a property that is absent matches {@code neq} and nothing else; a number comparison
 * reads a property that is not a number as 0; {@code contains} and searches ignore case. The work per record is the
 * size of the tree (query-api bounds it) times the length of the texts compared.
 */
final class RuleFilter {

    private RuleFilter() {
    }

    /** Whether the record matches; a null filter matches every record. */
    static boolean matches(RulePredicate predicate, RuleRow row) {
        if (predicate == null) {
            return true;
        }
        List<RulePredicate> children = predicate.getChildren();
        return switch (predicate.getOp()) {
            case "and" -> children.stream().allMatch(child -> matches(child, row));
            case "or" -> children.stream().anyMatch(child -> matches(child, row));
            case "not" -> children.size() == 1 && !matches(children.get(0), row);
            case "search" -> row.lowerCase("s:", row.searched()).contains(lowerCase(first(predicate)));
            default -> compare(predicate, row);
        };
    }

    private static boolean compare(RulePredicate leaf, RuleRow row) {
        String column = leaf.getColumn() == null ? null : row.column(leaf.getColumn());
        boolean present = column != null || leaf.getProperty() != null && row.hasProperty(leaf.getProperty());
        String op = leaf.getOp();
        if ("neq".equals(op)) {
            return !present || !equal(leaf, row, column);
        }
        if (!present) {
            return false;
        }
        return switch (op) {
            case "eq" -> equal(leaf, row, column);
            case "contains" -> row.lowerCase(fieldKey(leaf), text(leaf, row, column)).contains(lowerCase(first(leaf)));
            case "in" -> leaf.getValues().contains(text(leaf, row, column));
            case "gt" -> order(leaf, row, column) > 0;
            case "gte" -> order(leaf, row, column) >= 0;
            case "lt" -> order(leaf, row, column) < 0;
            case "lte" -> order(leaf, row, column) <= 0;
            default -> false;
        };
    }

    private static boolean equal(RulePredicate leaf, RuleRow row, String column) {
        return leaf.getNumeric() ? number(leaf, row, column) == threshold(leaf)
                : text(leaf, row, column).equals(first(leaf));
    }

    /** The field against the value: negative, zero or positive, as numbers or as text. */
    private static int order(RulePredicate leaf, RuleRow row, String column) {
        if (leaf.getNumeric()) {
            return Double.compare(number(leaf, row, column), threshold(leaf));
        }
        return Integer.signum(text(leaf, row, column).compareTo(first(leaf)));
    }

    private static String text(RulePredicate leaf, RuleRow row, String column) {
        return column != null ? column : row.propertyText(leaf.getProperty());
    }

    private static double number(RulePredicate leaf, RuleRow row, String column) {
        return column != null ? RuleRow.number(column) : row.propertyNumber(leaf.getProperty());
    }

    private static double threshold(RulePredicate leaf) {
        try {
            return new BigDecimal(first(leaf)).doubleValue();
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String first(RulePredicate predicate) {
        return predicate.getValues().isEmpty() ? "" : predicate.getValues().get(0);
    }

    /** The field's key in the record's lower-case cache: a column and a property of one name differ. */
    private static String fieldKey(RulePredicate leaf) {
        return leaf.getColumn() != null ? "c:" + leaf.getColumn() : "p:" + leaf.getProperty();
    }

    private static String lowerCase(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
