package dev.eventlane.platform.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one small access layer to ClickHouse, over its HTTP interface (TabSeparated in both directions: the fastest
 * format 18.16 and current releases share). Response compression stays off: it is broken on 18.16.
 */
public class ClickHouseClient {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseClient.class);

    private final HttpClient http;
    private final URI base;
    private final String database;
    private final Duration timeout;
    private final Map<String, String> selectSettings;
    /** {@code Authorization} header value, or null for the password-less {@code default} user. */
    private final String authorization;
    private final String user;

    /**
     * The ClickHouse user the client logs in as (HTTP basic authentication, which 18.16 and current releases
     * take).
     */
    public record Login(String user, String password) {

        public Login {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("a ClickHouse login needs a user name");
            }
            password = password == null ? "" : password;
        }

        /** The user alone: the password must never reach a log. */
        @Override
        public String toString() {
            return "Login[user=" + user + "]";
        }
    }

    /**
     * @param url      e.g. {@code http://127.0.0.1:8123}
     * @param database the database statements run in (created by {@link ClickHouseMigrations})
     */
    public ClickHouseClient(String url, String database, Duration timeout) {
        this(url, database, timeout, Map.of());
    }

    /**
     * @param selectSettings ClickHouse settings sent with every {@link #select} ({@code readonly},
     *                       {@code max_execution_time}, {@code max_memory_usage}, ...), so the server itself bounds
     *                       what a read may do and cost
     */
    public ClickHouseClient(String url, String database, Duration timeout, Map<String, String> selectSettings) {
        this(url, database, timeout, selectSettings, null);
    }

    /** @param login the user to log in as; null for the server's {@code default} user without password */
    public ClickHouseClient(String url, String database, Duration timeout, Map<String, String> selectSettings,
            Login login) {
        this.authorization = login == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (login.user() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
        this.user = login == null ? "default" : login.user();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.database = database;
        this.timeout = timeout;
        this.selectSettings = new LinkedHashMap<>(selectSettings);
    }

    public String database() {
        return database;
    }

    /** Runs a statement that returns nothing of interest (DDL, ALTER, INSERT ... VALUES). */
    public void execute(String sql) {
        send(uri(null, database), HttpRequest.BodyPublishers.ofString(sql));
    }

    /** Runs a statement outside the configured database, e.g. {@code CREATE DATABASE}. */
    public void executeWithoutDatabase(String sql) {
        send(uri(null, null), HttpRequest.BodyPublishers.ofString(sql));
    }

    /**
     * Runs a SELECT and returns its rows, fields unescaped. {@code sql} must not carry a FORMAT clause. The query
     * runs with the client's select settings and its own {@code query_id}; when the answer does not come within the
     * timeout (or the waiting thread is interrupted) the query is killed, since ClickHouse 18.16 keeps running a
     * query whose HTTP client went away; so is it when the thread's {@link QueryScope} is cancelled.
     */
    public List<String[]> select(String sql) {
        String queryId = UUID.randomUUID().toString();
        Map<String, String> settings = new LinkedHashMap<>(selectSettings);
        settings.put("query_id", queryId);
        QueryScope scope = QueryScope.current();
        if (scope != null) {
            scope.started(queryId, this);
        }
        String body;
        try {
            body = send(uri(null, database, settings),
                    HttpRequest.BodyPublishers.ofString(sql + "\nFORMAT TabSeparated"), queryId);
        } finally {
            if (scope != null) {
                scope.finished(queryId);
            }
        }
        List<String[]> rows = new ArrayList<>();
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            String[] fields = body.substring(start, end).split("\t", -1);
            for (int i = 0; i < fields.length; i++) {
                fields[i] = Sql.unescapeTsv(fields[i]);
            }
            rows.add(fields);
            start = end + 1;
        }
        return rows;
    }

    /** The single value of a one-row, one-column SELECT. */
    public String selectOne(String sql) {
        List<String[]> rows = select(sql);
        if (rows.size() != 1) {
            throw new ClickHouseException("Expected one row, got " + rows.size() + " for: " + sql);
        }
        return rows.get(0)[0];
    }

    /**
     * Inserts TabSeparated rows (see {@link Sql#appendTsv}) in one request: ClickHouse writes a request of fewer
     * rows than {@code max_insert_block_size} as one block, so the batch is stored whole or not at all.
     */
    public void insertTsv(String table, String columns, byte[] rows) {
        String sql = "INSERT INTO " + table + " (" + columns + ") FORMAT TabSeparated";
        send(uri(sql, database), HttpRequest.BodyPublishers.ofByteArray(rows));
    }

    /** True when the server answers its ping. */
    public boolean ping() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("ping")).timeout(timeout).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI uri(String query, String db) {
        return uri(query, db, Map.of());
    }

    private URI uri(String query, String db, Map<String, String> settings) {
        StringBuilder params = new StringBuilder("?enable_http_compression=0");
        if (db != null) {
            params.append("&database=").append(URLEncoder.encode(db, StandardCharsets.UTF_8));
        }
        settings.forEach((name, value) -> params.append('&').append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        if (query != null) {
            params.append("&query=").append(URLEncoder.encode(query, StandardCharsets.UTF_8));
        }
        return base.resolve(params.toString());
    }

    /** A request with the client's timeout and login. */
    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private static int parseCode(String header) {
        try {
            return Integer.parseInt(header.strip());
        } catch (NumberFormatException e) {
            return ClickHouseException.NO_CODE;
        }
    }

    private String send(URI uri, HttpRequest.BodyPublisher body) {
        return send(uri, body, null);
    }

    /** Sends a statement; when it has a {@code queryId} and its answer is not awaited to the end, kills it. */
    private String send(URI uri, HttpRequest.BodyPublisher body, String queryId) {
        HttpRequest request = request(uri).POST(body).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                String text = response.body().strip();
                int code = response.headers().firstValue("X-ClickHouse-Exception-Code")
                        .map(ClickHouseClient::parseCode).orElseGet(() -> ClickHouseErrors.codeIn(text));
                if (ClickHouseErrors.isLoginRefused(code)) {
                    throw new ClickHouseException("ClickHouse refused the login of user '" + user
                            + "' (wrong or missing password, or unknown user: check eventlane.clickhouse.user and"
                            + " eventlane.clickhouse.password): " + text, code);
                }
                throw new ClickHouseException("ClickHouse answered " + response.statusCode() + ": " + text, code);
            }
            return response.body();
        } catch (IOException e) {
            kill(queryId);
            throw new ClickHouseException("ClickHouse unreachable at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            kill(queryId);
            Thread.currentThread().interrupt();
            throw new ClickHouseException("Interrupted while talking to ClickHouse", e);
        }
    }

    /** Asks ClickHouse to stop the query, best effort: when ClickHouse is unreachable it is not running it either. */
    void kill(String queryId) {
        if (queryId == null) {
            return;
        }
        try {
            HttpRequest request = request(uri(null, null)).POST(
                    HttpRequest.BodyPublishers.ofString("KILL QUERY WHERE query_id = " + Sql.quote(queryId)
                            + " ASYNC")).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn("Could not kill ClickHouse query {}: {}", queryId, response.body().strip());
            }
        } catch (IOException e) {
            LOG.warn("Could not kill ClickHouse query {}: {}", queryId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
