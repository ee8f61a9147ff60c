package dev.eventlane.ingest.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import dev.eventlane.testkit.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/** {@code GET /loguro.js}: small, gzipped, cacheable, revalidated by ETag. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class TrackerTest {

    /** Plausible's script is about this size; the tracker must stay under it. */
    static final int MAX_GZIPPED_BYTES = 2048;

    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

    @Test
    void theScriptIsServedGzippedUnderTwoKilobytesAndCacheable() throws IOException {
        Response gzipped = given().config(RAW).header("Accept-Encoding", "gzip").get("/loguro.js");
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.header("Content-Type")).startsWith("text/javascript");
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.header("Cache-Control")).isEqualTo("public, max-age=86400");
        assertThat(gzipped.header("Vary")).contains("Accept-Encoding");
        byte[] body = gzipped.asByteArray();
        assertThat(body.length).isLessThan(MAX_GZIPPED_BYTES);

        Response plain = given().config(RAW).header("Accept-Encoding", "identity").get("/loguro.js");
        assertThat(plain.header("Content-Encoding")).isNull();
        String script = plain.asString();
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
            assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(script);
        }
        assertThat(script).contains("sendBeacon", "keepalive", "pushState", "popstate", "data-respect-dnt",
                "localStorage");
        assertThat(script).doesNotContain("document.cookie");
    }

    @Test
    void anUnchangedScriptIsRevalidatedWithItsEtag() {
        String etag = given().get("/loguro.js").header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{16}\"");
        given().header("If-None-Match", etag).get("/loguro.js").then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get("/loguro.js").then().statusCode(200);
    }
}
