package dev.eventlane.ingest.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * Serves the browser tracker, {@code GET /loguro.js} (docs/web.md), from the classpath: gzipped when the browser
 * accepts it (compressed once, at start-up), cacheable for a day and revalidated by its ETag.
 */
@Path("/loguro.js")
public class TrackerResource {

    static final String CONTENT_TYPE = "text/javascript; charset=utf-8";
    static final String CACHE_CONTROL = "public, max-age=86400";

    private final byte[] plain;
    private final byte[] gzipped;
    private final String etag;

    public TrackerResource() {
        try (InputStream in = TrackerResource.class.getResourceAsStream("/web/loguro.js")) {
            if (in == null) {
                throw new IllegalStateException("web/loguro.js is missing from the classpath");
            }
            plain = in.readAllBytes();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(plain);
            }
            gzipped = out.toByteArray();
            etag = '"' + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain), 0, 8) + '"';
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    public Response script(@HeaderParam("Accept-Encoding") String acceptEncoding,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        Response.ResponseBuilder answer;
        if (etag.equals(ifNoneMatch)) {
            answer = Response.notModified();
        } else if (acceptEncoding != null && acceptEncoding.contains("gzip")) {
            answer = Response.ok(gzipped).header("Content-Encoding", "gzip");
        } else {
            answer = Response.ok(plain);
        }
        return answer.header("Content-Type", CONTENT_TYPE).header("Cache-Control", CACHE_CONTROL)
                .header("ETag", etag).header("Vary", "Accept-Encoding")
                .header("Access-Control-Allow-Origin", "*").build();
    }

    /** The script's size as served to a browser that accepts gzip, in bytes. */
    int gzippedSize() {
        return gzipped.length;
    }

    String text() {
        return new String(plain, StandardCharsets.UTF_8);
    }
}
