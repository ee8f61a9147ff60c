package dev.eventlane.client.sdk;

/**
 * When the disk queue forces its writes to the device. Every policy survives a crash or kill of the host app (a
 * written line is in the operating system's page cache at once); they differ when the machine itself loses power.
 */
public enum FsyncPolicy {
    /** fsync after every event: nothing acknowledged to the caller is lost to a power cut; slowest. */
    ALWAYS,
    /** fsync by the sender before each batch and at least every flush interval (the default): a power cut loses at most the last interval. */
    INTERVAL,
    /** Never fsync: the operating system writes back when it likes. */
    NEVER
}
