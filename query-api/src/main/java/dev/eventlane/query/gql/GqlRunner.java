package dev.eventlane.query.gql;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.eventlane.platform.clickhouse.ClickHouseErrors;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.query.control.service.ControlException;

/**
 * {@link GqlService} with GoodLogs' refusals: a query that does not parse or cannot run is {@code VALIDATION_ERROR}
 * (400 or 422), one that hits a per-query limit of ClickHouse is 422 with what to change, storage trouble is 503.
 */
@ApplicationScoped
public class GqlRunner {

    private static final Logger LOG = Logger.getLogger(GqlRunner.class);

    private final GqlService gql;

    public GqlRunner(GqlService gql) {
        this.gql = gql;
    }

    public Map<String, Object> run(String projectId, String text, String cursor) {
        try {
            return gql.run(projectId, text, cursor);
        } catch (GqlException e) {
            throw new ControlException(e.status(), "VALIDATION_ERROR", e.getMessage());
        } catch (ClickHouseException e) {
            if (ClickHouseErrors.isQueryLimit(e.code())) {
                throw new ControlException(422, "VALIDATION_ERROR", "The query needs more time or memory than a"
                        + " query may use: narrow the time window, add filters or group by fewer fields");
            }
            LOG.warnf("GQL query failed in ClickHouse: %s", e.getMessage());
            throw ControlException.unavailable("Log storage is temporarily unavailable; retry later");
        }
    }
}
