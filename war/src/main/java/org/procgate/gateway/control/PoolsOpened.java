package org.procgate.gateway.control;

/** Fired once the configured pools have been opened at application start. */
public record PoolsOpened() {
}
