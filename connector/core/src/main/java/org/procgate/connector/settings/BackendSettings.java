package org.procgate.connector.settings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a pool of remote backends adds to failure counting: names looked up again, active health
 * checks (HAProxy's {@code inter}, {@code fall} and {@code rise}) and affinity.
 *
 * @param resolveInterval how often backend names are looked up again (zero: once)
 * @param healthCheck     {@code none}, {@code values} (FCGI_GET_VALUES) or a path that must answer 200
 * @param checkInterval   time between two checks of one backend
 * @param checkTimeout    the longest one check may take
 * @param fall            consecutive failed checks that take a backend out
 * @param rise            consecutive passed checks that bring it back
 * @param affinity        {@code none}, {@code client} or {@code cookie:NAME}
 */
public record BackendSettings(Duration resolveInterval, String healthCheck, Duration checkInterval, Duration checkTimeout,
                              int fall, int rise, String affinity) {

    public static final String NO_CHECK = "none";
    public static final String VALUES_CHECK = "values";

    public BackendSettings {
        Objects.requireNonNull(resolveInterval, "resolveInterval");
        healthCheck = healthCheck.strip();
        affinity = affinity.strip();
        if (!List.of(NO_CHECK, VALUES_CHECK).contains(healthCheck) && !healthCheck.startsWith("/")) {
            throw new IllegalArgumentException("healthCheck must be none, values or a path starting with /, not '"
                    + healthCheck + "'");
        }
        if (!List.of("none", "client").contains(affinity) && !affinity.matches("cookie:[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("affinity must be none, client or cookie:NAME, not '" + affinity + "'");
        }
        if (resolveInterval.isNegative() || checkInterval.isNegative() || checkInterval.isZero() || checkTimeout.isNegative()
                || checkTimeout.isZero() || fall < 1 || rise < 1) {
            throw new IllegalArgumentException("health checks need positive times and fall and rise of at least 1");
        }
    }

    /** No checks, no affinity, names looked up every 30 s: as the settings' defaults have it. */
    public static BackendSettings defaults() {
        return FastCgiSettings.defaults().backends();
    }

    public boolean checked() {
        return !NO_CHECK.equals(healthCheck);
    }

    public BackendSettings withHealthCheck(String check, Duration interval, Duration timeout, int fall, int rise) {
        return new BackendSettings(resolveInterval, check, interval, timeout, fall, rise, affinity);
    }

    public BackendSettings withResolveInterval(Duration interval) {
        return new BackendSettings(interval, healthCheck, checkInterval, checkTimeout, fall, rise, affinity);
    }

    public BackendSettings withAffinity(String value) {
        return new BackendSettings(resolveInterval, healthCheck, checkInterval, checkTimeout, fall, rise, value);
    }
}
