/**
 * What more than one stage reads: the global stores of the control plane's compacted topics (webhook endpoints,
 * alert rules), the funnel step catalog, and amounts as events carry them. It depends on no other package of
 * stream-processors, so that the stages depend on it and not on each other.
 */
package dev.eventlane.streams.shared;
