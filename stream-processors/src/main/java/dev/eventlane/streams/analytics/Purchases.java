package dev.eventlane.streams.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Purchase;

/** Turns revenue events into purchases with an exact amount. */
final class Purchases {

    /** The ClickHouse column is Decimal(38, 10): 10 decimals, 28 integer digits. */
    static final int SCALE = 10;
    private static final int MAX_INTEGER_DIGITS = 27;
    private static final Logger LOG = Logger.getLogger(Purchases.class);

    private final Set<String> revenueActions;

    Purchases(Set<String> revenueActions) {
        this.revenueActions = Set.copyOf(revenueActions);
    }

    boolean isRevenue(Event event) {
        return revenueActions.contains(event.getName());
    }

    Purchase of(Event event) {
        return new Purchase(event.getProjectId(), event.getEventId(),
                event.getUserId() == null ? "" : event.getUserId(), event.getTimestamp(),
                amount(event.getProperties().get("amount")).toPlainString());
    }

    /**
     * {@code data.amount} from its JSON text: a number, or a string holding one. Anything else (absent, not numeric,
     * too large for the table) is 0: the purchase still counts, its amount does not.
     */
    static BigDecimal amount(String json) {
        if (json == null) {
            return BigDecimal.ZERO;
        }
        String text = json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"")
                ? json.substring(1, json.length() - 1).strip()
                : json;
        try {
            BigDecimal amount = new BigDecimal(text).setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
            if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
                LOG.debugf("Purchase amount %s is out of range, counted as 0", text);
                return BigDecimal.ZERO;
            }
            return amount;
        } catch (NumberFormatException | ArithmeticException e) {
            return BigDecimal.ZERO;
        }
    }
}
