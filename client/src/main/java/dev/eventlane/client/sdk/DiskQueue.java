package dev.eventlane.client.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A queue that survives a restart of the host app: events are appended, one line each, to segment files
 * ({@code segment-<n>.log}) in a directory; a {@code cursor} file (replaced atomically) says how far the sender has
 * got. A segment is deleted once the cursor has passed it. After a restart the sender starts again at the cursor,
 * so a batch that was in flight when the app stopped is sent again, and the event ids make that harmless. Each
 * start writes to a new segment, so a line torn by a crash is only ever at the end of an old one and is skipped.
 * One process at a time may use a directory (a file lock says so).
 */
final class DiskQueue implements EventQueue {

    private static final String CURSOR = "cursor";
    private static final int READ_CHUNK = 64 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FsyncPolicy fsync;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Segment number → size in bytes, of every segment not yet deleted. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    private FileChannel writer;
    private long writing;
    private long queuedBytes;
    private long queuedEvents;
    private boolean woken;
    private boolean dirty;

    /** The sender's position: a segment and a byte offset in it, and where the last peek ended. */
    private long readSegment;
    private long readOffset;
    private long peekSegment;
    private long peekOffset;
    private int peekedEvents;
    private long peekedBytes;

    DiskQueue(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            fileLock = tryLock(lockChannel);
            if (fileLock == null) {
                lockChannel.close();
                throw new IllegalStateException(dir + " is the disk queue of another running client");
            }
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the disk queue in " + dir, e);
        }
    }

    /** The directory's lock, or null when another client (of this process or another) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Long n = segmentNumber(file);
                if (n != null) {
                    segments.put(n, Files.size(file));
                }
            }
        }
        Path cursor = dir.resolve(CURSOR);
        if (Files.exists(cursor)) {
            String[] parts = Files.readString(cursor).trim().split(" ");
            readSegment = Long.parseLong(parts[0]);
            readOffset = Long.parseLong(parts[1]);
        } else {
            readSegment = segments.isEmpty() ? 0 : segments.firstKey();
            readOffset = 0;
        }
        for (Long n : new ArrayList<>(segments.headMap(readSegment).keySet())) {
            Files.deleteIfExists(segment(n));
            segments.remove(n);
        }
        for (var entry : segments.entrySet()) {
            long from = entry.getKey() == readSegment ? readOffset : 0;
            queuedBytes += Math.max(0, entry.getValue() - from);
            queuedEvents += countLines(entry.getKey(), from);
        }
        writing = segments.isEmpty() ? Math.max(readSegment, 0) : segments.lastKey() + 1;
        if (segments.isEmpty()) {
            readSegment = writing;
            readOffset = 0;
        }
        openWriter();
    }

    private void openWriter() throws IOException {
        writer = FileChannel.open(segment(writing), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        segments.put(writing, writer.size());
    }

    @Override
    public boolean offer(QueuedEvent event) {
        byte[] line = event.line().getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (queuedBytes + line.length > maxBytes) {
                return false;
            }
            if (segments.get(writing) >= segmentBytes) {
                writer.close();
                writing++;
                openWriter();
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                writer.write(buffer);
            }
            if (fsync == FsyncPolicy.ALWAYS) {
                writer.force(false);
            } else {
                dirty = true;
            }
            segments.merge(writing, (long) line.length, Long::sum);
            queuedBytes += line.length;
            queuedEvents++;
            changed.signal();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the disk queue in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<QueuedEvent> peek(int ready, int max, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (queuedEvents < ready && !woken) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            woken = false;
            return read(max);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the disk queue in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /** Reads up to {@code max} whole lines from the cursor on, across segments; called under the lock. */
    private List<QueuedEvent> read(int max) throws IOException {
        List<QueuedEvent> batch = new ArrayList<>();
        long segment = readSegment;
        long offset = readOffset;
        long bytes = 0;
        while (batch.size() < max && segments.containsKey(segment)) {
            long size = segments.get(segment);
            try (FileChannel in = FileChannel.open(segment(segment), StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
                byte[] pending = new byte[0];
                long position = offset;
                while (batch.size() < max && position < size) {
                    buffer.clear();
                    int n = in.read(buffer, position);
                    if (n <= 0) {
                        break;
                    }
                    position += n;
                    byte[] chunk = concat(pending, buffer.array(), n);
                    int start = 0;
                    for (int i = 0; i < chunk.length && batch.size() < max; i++) {
                        if (chunk[i] == '\n') {
                            batch.add(QueuedEvent.parseLine(new String(chunk, start, i - start,
                                    StandardCharsets.UTF_8)));
                            offset += i - start + 1;
                            bytes += i - start + 1;
                            start = i + 1;
                        }
                    }
                    pending = Arrays.copyOfRange(chunk, start, chunk.length);
                }
            }
            if (batch.size() < max && segment != writing) {
                // A line left without its newline by a crash is not an event: skip to the next segment.
                Long next = segments.higherKey(segment);
                if (next == null) {
                    break;
                }
                bytes += size - offset;
                segment = next;
                offset = 0;
            } else {
                break;
            }
        }
        peekSegment = segment;
        peekOffset = offset;
        peekedEvents = batch.size();
        peekedBytes = bytes;
        return batch;
    }

    private static byte[] concat(byte[] head, byte[] tail, int tailLength) {
        byte[] all = new byte[head.length + tailLength];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tailLength);
        return all;
    }

    @Override
    public void commit() {
        lock.lock();
        try {
            if (peekSegment == readSegment && peekOffset == readOffset) {
                return;
            }
            Path tmp = dir.resolve(CURSOR + ".tmp");
            Files.writeString(tmp, peekSegment + " " + peekOffset + "\n");
            if (fsync == FsyncPolicy.ALWAYS) {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            for (Long n : new ArrayList<>(segments.headMap(peekSegment).keySet())) {
                Files.deleteIfExists(segment(n));
                segments.remove(n);
            }
            readSegment = peekSegment;
            readOffset = peekOffset;
            queuedEvents -= peekedEvents;
            queuedBytes -= peekedBytes;
            peekedEvents = 0;
            peekedBytes = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the cursor of the disk queue in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sync() {
        lock.lock();
        try {
            if (dirty && fsync == FsyncPolicy.INTERVAL) {
                writer.force(false);
                dirty = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync the disk queue in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long size() {
        lock.lock();
        try {
            return queuedEvents;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (fsync != FsyncPolicy.NEVER) {
                writer.force(false);
            }
            writer.close();
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the disk queue in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    private long countLines(long segment, long from) throws IOException {
        long lines = 0;
        try (FileChannel in = FileChannel.open(segment(segment), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
            long position = from;
            int n;
            while ((n = in.read(buffer.clear(), position)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer.get(i) == '\n') {
                        lines++;
                    }
                }
                position += n;
            }
        }
        return lines;
    }

    private Path segment(long n) {
        return dir.resolve(String.format("segment-%020d.log", n));
    }

    private static Long segmentNumber(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith("segment-") || !name.endsWith(".log")) {
            return null;
        }
        try {
            return Long.parseLong(name.substring("segment-".length(), name.length() - ".log".length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
