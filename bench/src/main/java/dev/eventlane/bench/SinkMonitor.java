package dev.eventlane.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the sink's Prometheus metrics (rows written, consumer lag) while a phase runs. */
final class SinkMonitor implements AutoCloseable {

    /** Rendering every Kafka client metric is not free: scraping more often would load the app being measured. */
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong maxLag = new AtomicLong();
    private volatile long lastLag;

    SinkMonitor(String streamsUrl) {
        this.metrics = URI.create(streamsUrl + "/q/metrics");
        sampler.scheduleAtFixedRate(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Rows the sink has written into ClickHouse since it started. */
    long rows() {
        return (long) value("eventlane_sink_rows_total{table=\"events\"}");
    }

    long lag() {
        return lastLag;
    }

    /** Records not yet in ClickHouse over the sinks of every table (read now, not sampled). */
    long allTablesLag() {
        return (long) sum("eventlane_sink_lag{table=");
    }

    long maxLagAndReset() {
        return maxLag.getAndSet(lastLag);
    }

    private void sample() {
        long lag = (long) value("eventlane_sink_lag{table=\"events\"}");
        lastLag = lag;
        maxLag.accumulateAndGet(lag, Math::max);
    }

    private double value(String series) {
        return sum(series + " ");
    }

    /** The sum of the values of the series whose line starts with {@code prefix}; 0 when the app does not answer. */
    private double sum(String prefix) {
        try {
            String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith(prefix)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
