package org.procgate.gateway.control;

/** Fired the first time a request names a pool that exists, also one added to the running server. */
public record PoolFound(String name) {
}
