/**
 * The Kafka Streams applications of stream-processors, one class each, built from the stages' packages
 * ({@code dedup}, {@code analytics}, {@code alerts}, {@code webhooks}), and the one place that starts and stops
 * everything in order ({@link dev.eventlane.streams.app.PipelineLifecycle}). No stage package depends on this one.
 */
package dev.eventlane.streams.app;
