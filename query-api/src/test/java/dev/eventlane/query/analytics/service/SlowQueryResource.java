package dev.eventlane.query.analytics.service;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.common.annotation.Blocking;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;

/** A test-only endpoint that runs one query of about ten minutes through query-api's own client, as a report would. */
@Path("/test/slow-query")
@Blocking
public class SlowQueryResource {

    private final ClickHouseClient clickhouse;

    public SlowQueryResource(ClickHouseClient clickhouse) {
        this.clickhouse = clickhouse;
    }

    @GET
    public String count(@QueryParam("marker") String marker) {
        return clickhouse.selectOne("SELECT count(), " + Sql.quote(marker) + " FROM numbers(1000000000000)");
    }
}
