package dev.eventlane.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk queue: what is queued survives a restart, a torn line is skipped, segments are deleted once sent. */
class DiskQueueTest {

    @TempDir
    Path dir;

    private static QueuedEvent event(int i) {
        return new QueuedEvent(Surface.LOGLOGIC, "id-" + i, "{\"action\":\"a\\tb\",\"user_id\":\"u" + i + "\"}");
    }

    @Test
    void whatWasNotCommittedIsThereAfterARestartInOrder() throws Exception {
        try (DiskQueue queue = new DiskQueue(dir, 1 << 20, 200, FsyncPolicy.ALWAYS)) {
            for (int i = 0; i < 10; i++) {
                assertThat(queue.offer(event(i))).isTrue();
            }
            assertThat(queue.peek(4, 4, System.nanoTime())).extracting(QueuedEvent::eventId)
                    .containsExactly("id-0", "id-1", "id-2", "id-3");
            queue.commit();
            // Peeked but not committed (in flight when the app stopped): sent again after the restart.
            assertThat(queue.peek(3, 3, System.nanoTime())).hasSize(3);
        }
        try (DiskQueue queue = new DiskQueue(dir, 1 << 20, 200, FsyncPolicy.ALWAYS)) {
            assertThat(queue.size()).isEqualTo(6);
            queue.offer(event(10));
            List<QueuedEvent> left = queue.peek(100, 100, System.nanoTime());
            assertThat(left).extracting(QueuedEvent::eventId)
                    .containsExactly("id-4", "id-5", "id-6", "id-7", "id-8", "id-9", "id-10");
            assertThat(left.get(0)).isEqualTo(event(4));
            queue.commit();
            assertThat(queue.size()).isZero();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("segment-")).count())
                    .as("segments the cursor passed are deleted").isEqualTo(1);
        }
    }

    @Test
    void aLineTornByACrashIsSkipped() throws Exception {
        try (DiskQueue queue = new DiskQueue(dir, 1 << 20, 1 << 20, FsyncPolicy.NEVER)) {
            queue.offer(event(1));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(f -> f.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
        }
        Files.writeString(segment, "LOGLOGIC\tid-torn\t{\"act", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (DiskQueue queue = new DiskQueue(dir, 1 << 20, 1 << 20, FsyncPolicy.NEVER)) {
            queue.offer(event(2));
            assertThat(queue.size()).isEqualTo(2);
            assertThat(queue.peek(10, 10, System.nanoTime())).extracting(QueuedEvent::eventId)
                    .containsExactly("id-1", "id-2");
        }
    }

    @Test
    void refusesTheNewestEventBeyondItsBytesAndASecondUserOfTheDirectory() {
        try (DiskQueue queue = new DiskQueue(dir, 3 * event(0).line().length(), 1 << 20, FsyncPolicy.INTERVAL)) {
            assertThat(List.of(queue.offer(event(0)), queue.offer(event(1)), queue.offer(event(2)),
                    queue.offer(event(3)))).containsExactly(true, true, true, false);
            assertThatThrownBy(() -> new DiskQueue(dir, 1 << 20, 1 << 20, FsyncPolicy.INTERVAL))
                    .hasMessageContaining("another running client");
        }
    }

    @Test
    void aClientRestartedOnTheSameDirectorySendsWhatTheFirstCouldNot() throws Exception {
        Set<String> ids = new HashSet<>();
        try (FakeIngest down = new FakeIngest((n, r) -> FakeIngest.Answer.of(503, "{}"))) {
            EventlaneClient first = EventlaneClient.builder(down.url(), "k").diskQueue(dir)
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(100)).closeTimeout(Duration.ofMillis(300))
                    .build();
            for (int i = 0; i < 20; i++) {
                ids.add(first.log(Map.of("action", "a", "user_id", "u" + i)));
            }
            first.close();
            assertThat(first.metrics().dropped()).as("a disk queue keeps what it could not send").isZero();
        }
        try (FakeIngest up = new FakeIngest((n, r) -> FakeIngest.Answer.ok());
                EventlaneClient second = EventlaneClient.builder(up.url(), "k").diskQueue(dir).build()) {
            assertThat(second.metrics().queued()).isEqualTo(20);
            second.flush().get(20, TimeUnit.SECONDS);
            List<String> sent = new ArrayList<>();
            up.requests().forEach(r -> sent.addAll(r.eventIds()));
            assertThat(new HashSet<>(sent)).isEqualTo(ids);
            assertThat(second.metrics().queued()).isZero();
        }
    }
}
