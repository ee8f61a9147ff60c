/** Web analytics (Loguro) reads: the filter language, ranges and buckets, and the queries of {@code web_events}. */
package dev.eventlane.query.web.service;
