package dev.eventlane.streams.analytics;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.streams.shared.Amounts;

/** Turns revenue events into purchases with an exact amount. */
final class Purchases {

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
     * out of {@link Amounts}' range) is 0: the purchase still counts, its amount does not.
     */
    static BigDecimal amount(String json) {
        if (json == null) {
            return BigDecimal.ZERO;
        }
        String text = json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"")
                ? json.substring(1, json.length() - 1).strip()
                : json;
        Optional<BigDecimal> amount = Amounts.parse(text);
        if (amount.isEmpty()) {
            LOG.debugf("Purchase amount of %d characters is not an amount, counted as 0", text.length());
        }
        return amount.orElse(BigDecimal.ZERO);
    }
}
