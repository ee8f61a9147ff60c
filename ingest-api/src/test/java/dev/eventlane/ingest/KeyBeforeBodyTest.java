package dev.eventlane.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/**
 * Every ingest surface refuses a bad key (or a public key where logs need a secret one) from the headers alone: the
 * request announces an 8,000,000-byte body and sends only its first 64 KiB, so a server that read the body before
 * checking the key would never answer (the socket's read timeout fails the test). Nor does ingest read the rest of
 * a refused body afterwards: it closes the connection once the client has had time to read the refusal.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class KeyBeforeBodyTest {

    private static final int ANNOUNCED_BYTES = 8_000_000;
    private static final int SENT_BYTES = 64 * 1024;
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final String BAD_KEY = "Bearer ll_notakey0000000000000000000000000000000000000";
    private static String publicKey;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void topics() {
        Stack.get().kafka().createTopics(3, "events", "logs");
        Stack.get().kafka().createTopics(1, Topics.API_KEYS);
    }

    /** A public key (shipped inside apps, so anyone may hold it), issued once ingest is up. */
    private static synchronized String publicKey() {
        if (publicKey == null) {
            String key = ApiKeys.random("ll_", ApiKeys.RANDOM_CHARS);
            IssuedKeys.grant(key, "project-" + UUID.randomUUID(), "brother", KeyType.PUBLIC,
                    List.of(Scopes.INGEST_WRITE), false);
            // A generous bound: the key directory reads the grant within a second, but this machine may be busy.
            await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(key)
                    .contentType(ContentType.JSON).body("{").post("/ingest").statusCode() != 401);
            publicKey = "Bearer " + key;
        }
        return publicKey;
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("/ingest", null, 401, "\"error\":\"missing_key\""),
                Arguments.of("/ingest/batch", BAD_KEY, 401, "\"error\":\"invalid_key\""),
                Arguments.of("/v1/events", BAD_KEY, 401, "\"code\":\"UNAUTHORIZED\""),
                Arguments.of("/v1/logs", "public", 403, "\"code\":\"FORBIDDEN\""),
                Arguments.of("/v1/ingest", BAD_KEY, 401, "\"code\":\"INVALID_API_KEY\""),
                Arguments.of("/v1/batch", "public", 403, "\"code\":\"FORBIDDEN\""),
                Arguments.of("/api/event", BAD_KEY, 401, "\"name\":\"unauthorized\""));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesTheKeyBeforeReadingTheBody(String path, String authorization, int status, String body)
            throws IOException {
        String answer = postWithoutWholeBody(path, "public".equals(authorization) ? publicKey() : authorization);
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer).contains(body);
    }

    /**
     * A client that keeps sending its 8 MB body still gets its 401 (the close lingers, so no reset destroys it), and
     * then the connection is closed: the client cannot send the whole body, since ingest stopped reading it.
     */
    @Test
    void closesTheConnectionOfARefusedBodyInsteadOfReadingIt() throws Exception {
        try (Socket socket = new Socket()) {
            // A small send buffer, so what the client manages to send is about what ingest read or let queue up.
            socket.setSendBufferSize(SENT_BYTES);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ingest/batch HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + ANNOUNCED_BYTES + "\r\nAuthorization: " + BAD_KEY + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Boolean> sentAll = CompletableFuture.supplyAsync(() -> sendBody(out, sent));

            String answer = readAnswer(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 401 ").contains("\"error\":\"invalid_key\"");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
            assertThat(readsToTheEnd(socket.getInputStream())).as("the connection is closed after the answer").isTrue();
            assertThat(sentAll.get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)).as("sent the whole body").isFalse();
            assertThat(sent.get()).isLessThan(ANNOUNCED_BYTES / 2);
        }
    }

    /** Sends the whole announced body; false when the server closed the connection first. */
    private static boolean sendBody(OutputStream out, AtomicLong sent) {
        byte[] chunk = new byte[SENT_BYTES];
        Arrays.fill(chunk, (byte) ' ');
        try {
            while (sent.get() < ANNOUNCED_BYTES) {
                int length = (int) Math.min(chunk.length, ANNOUNCED_BYTES - sent.get());
                out.write(chunk, 0, length);
                sent.addAndGet(length);
            }
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the server ends the connection (end of stream or reset) before the read timeout. */
    private static boolean readsToTheEnd(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // nothing is expected after the answer
            }
            return true;
        } catch (SocketException e) {
            return true;
        }
    }

    /** The answer (head and body) to a POST that announces a large body but sends only its start. */
    private String postWithoutWholeBody(String path, String authorization) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + ANNOUNCED_BYTES + "\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            byte[] start = new byte[SENT_BYTES];
            Arrays.fill(start, (byte) ' ');
            start[0] = '{';
            out.write(start);
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.US_ASCII);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text + new String(in.readNBytes(contentLength(text)), StandardCharsets.UTF_8);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }
}
