package org.procgate.health.control;

import java.util.Map;

/**
 * One health check's answer, as MicroProfile Health words it.
 *
 * @param name the check
 * @param up   whether it passes
 * @param data what it found, by item (each pool's state, the reason it fails)
 */
public record HealthCheck(String name, boolean up, Map<String, String> data) {

    public HealthCheck {
        data = Map.copyOf(data);
    }

    public String status() {
        return up ? "UP" : "DOWN";
    }
}
