package dev.eventlane.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClickHouseMigrationsStatementsTest {

    @Test
    void aFileWithoutSemicolonsIsOneStatement() {
        String file = "-- a comment; with a semicolon inside\nCREATE TABLE t (a String)\nENGINE = Log\n";

        assertThat(ClickHouseMigrations.statements(file)).containsExactly(file.strip());
    }

    @Test
    void semicolonsEndingALineSplitAndCommentOnlyPiecesAreDropped() {
        String file = "-- the table\nCREATE TABLE t (a String) ENGINE = Log;\n\n-- the view\n"
                + "CREATE MATERIALIZED VIEW v TO t AS SELECT 'x;' AS a FROM u;  \r\nINSERT INTO t SELECT a FROM u;\n"
                + "-- nothing after this\n";

        List<String> statements = ClickHouseMigrations.statements(file);

        assertThat(statements).containsExactly("-- the table\nCREATE TABLE t (a String) ENGINE = Log",
                "-- the view\nCREATE MATERIALIZED VIEW v TO t AS SELECT 'x;' AS a FROM u",
                "INSERT INTO t SELECT a FROM u");
    }

    @Test
    void everyMigrationFileSplitsIntoStatementsThatAreNotEmpty() {
        for (String name : ClickHouseMigrations.FILES) {
            String file = new String(readResource(name), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(ClickHouseMigrations.statements(file)).as(name).isNotEmpty()
                    .allSatisfy(statement -> assertThat(statement).doesNotEndWith(";"));
        }
    }

    @Test
    void everyMigrationFileIsListedInVersionOrder() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("src/main/resources/clickhouse/migrations");
        List<String> onDisk;
        try (var files = java.nio.file.Files.list(dir)) {
            onDisk = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }

        assertThat(ClickHouseMigrations.FILES).containsExactlyElementsOf(onDisk);
    }

    private static byte[] readResource(String name) {
        try (var in = ClickHouseMigrations.class.getResourceAsStream("/clickhouse/migrations/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
