package dev.eventlane.query.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseException;
import dev.eventlane.testkit.ClickHouseServer;

/**
 * The ClickHouse client logs in as the configured user ({@code eventlane.clickhouse.user}/{@code password}) on a
 * server where that user has a password; a wrong password gets an error that says so, without the password.
 */
class ClickHouseLoginTest {

    private static final String USER = "eventlane_login";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static ClickHouseServer server;

    @BeforeAll
    static void startServer() {
        server = ClickHouseServer.startWithUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void theConfiguredUserLogsIn() {
        ClickHouseClient client = client(new ClickHouseClient.Login(USER, PASSWORD));
        String marker = UUID.randomUUID().toString();
        // The query finds itself among the running ones, with the user it runs as.
        String user = client.selectOne("SELECT user FROM system.processes WHERE query LIKE '%" + marker + "%'");
        assertThat(user).isEqualTo(USER);
    }

    @Test
    void aWrongPasswordIsAClearErrorWithoutThePassword() {
        String wrong = "not-" + PASSWORD;
        ClickHouseClient client = client(new ClickHouseClient.Login(USER, wrong));
        assertThatThrownBy(() -> client.selectOne("SELECT 1")).isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("refused the login of user '" + USER + "'")
                .hasMessageContaining("eventlane.clickhouse.password")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(PASSWORD);
    }

    @Test
    void noPasswordForAUserThatHasOneIsRefused() {
        ClickHouseClient client = client(new ClickHouseClient.Login(USER, null));
        assertThatThrownBy(() -> client.selectOne("SELECT 1")).isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("refused the login of user '" + USER + "'");
    }

    @Test
    void theLoginNeverShowsItsPassword() {
        assertThat(new ClickHouseClient.Login(USER, PASSWORD).toString()).contains(USER).doesNotContain(PASSWORD);
    }

    private static ClickHouseClient client(ClickHouseClient.Login login) {
        return new ClickHouseClient(server.httpUrl(), "default", TIMEOUT, Map.of(), login);
    }
}
