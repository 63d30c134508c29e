package org.procgate.connector.settings;

import static org.procgate.connector.settings.PoolSetting.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.procgate.connector.process.CommandLine;
import org.procgate.connector.process.ProgramIdentity;

/**
 * Reads a pool's settings from the text of its definition (the connection factory's properties):
 * each value is checked against its {@link PoolSetting}, a missing one takes the default, and
 * {@code ${property}} expands in commands, environments, paths and addresses. Every error names
 * the pool and the property.
 */
public final class PoolSettingsReader {

    /** Settings whose values may name system properties as {@code ${name}}. */
    private static final Set<PoolSetting> EXPANDED = Set.of(COMMAND, ENVIRONMENT, WORKING_DIRECTORY, SCRIPT_ROOT, SENDFILE_ROOT,
            DOCUMENT_ROOT, ADDRESSES, PASS_ENVIRONMENT);

    private final Map<PoolSetting, String> values = new EnumMap<>(PoolSetting.class);
    private final String pool;

    private PoolSettingsReader(Map<String, String> definition) {
        definition.forEach((name, value) -> {
            PoolSetting setting = PoolSetting.named(name).orElseThrow(() -> new IllegalArgumentException(
                    "pool " + definition.get(POOL_NAME.property()) + ": there is no setting named '" + name + "'"));
            if (value != null) {
                values.put(setting, value);
            }
        });
        this.pool = values.getOrDefault(POOL_NAME, "(unnamed)");
    }

    /**
     * The settings of one pool.
     *
     * @param definition property name to value; properties not given take their default
     * @throws IllegalArgumentException naming the pool and the property, for any value that is not valid
     */
    public static PoolSettings read(Map<String, String> definition) {
        return new PoolSettingsReader(definition).settings();
    }

    /** A FastCGI pool with every setting at its default (its command a placeholder): the source of the records' defaults. */
    static PoolSettings defaults() {
        return read(Map.of(POOL_NAME.property(), "defaults", COMMAND.property(), "/bin/true"));
    }

    private PoolSettings settings() {
        try {
            return new PoolSettings(text(POOL_NAME), PoolKind.parse(text(KIND)), CommandLine.split(text(COMMAND)),
                    path(WORKING_DIRECTORY), CommandLine.parseAssignments(text(ENVIRONMENT)), integer(MAX_WORKERS),
                    millis(BORROW_TIMEOUT_MILLIS), millis(REQUEST_TIMEOUT_MILLIS), amount(MAX_REQUEST_BODY_BYTES),
                    amount(MAX_RESPONSE_BYTES), integer(MAX_HEADER_BYTES), integer(MAX_STDERR_BYTES),
                    list(HEADER_ALLOW_LIST).stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                    bool(PASS_AUTHORIZATION), millis(SHUTDOWN_GRACE_MILLIS), millis(SLOW_REQUEST_MILLIS),
                    fastCgi(), cgi(), new StreamingSettings(bool(RESPONSE_BUFFERING), integer(RESPONSE_BUFFER_BYTES),
                            amount(MAX_TEMP_FILE_BYTES), bool(IGNORE_CLIENT_ABORT), path(SENDFILE_ROOT)),
                    ProgramIdentity.of(text(USER), text(GROUP)), millis(DRAIN_TIMEOUT_MILLIS),
                    Set.copyOf(list(REQUIRED_ROLES)), bool(OPTIONAL));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith("pool ") ? message : "pool " + pool + ": " + message, e);
        }
    }

    private FastCgiSettings fastCgi() {
        return new FastCgiSettings(LaunchMode.parse(text(LAUNCH)), list(ADDRESSES), ProcessManager.parse(text(PROCESS_MANAGER)),
                integer(START_WORKERS), integer(MIN_SPARE_WORKERS), integer(MAX_SPARE_WORKERS), millis(IDLE_TIMEOUT_MILLIS),
                integer(MAX_REQUESTS_PER_WORKER), millis(MAX_LIFETIME_MILLIS), millis(START_TIMEOUT_MILLIS),
                path(DOCUMENT_ROOT), Set.copyOf(list(PASS_ENVIRONMENT)), integer(BACKEND_MAX_FAILS),
                millis(BACKEND_FAIL_TIMEOUT_MILLIS), integer(BACKEND_MAX_CONNECTIONS), amount(MAX_WORKER_MEMORY_BYTES),
                new BackendSettings(millis(RESOLVE_INTERVAL_MILLIS), text(HEALTH_CHECK), millis(HEALTH_CHECK_INTERVAL_MILLIS),
                        millis(HEALTH_CHECK_TIMEOUT_MILLIS), integer(HEALTH_CHECK_FALL), integer(HEALTH_CHECK_RISE),
                        text(AFFINITY)));
    }

    private CgiSettings cgi() {
        return new CgiSettings(path(SCRIPT_ROOT), Set.copyOf(list(ALLOWED_METHODS)), bool(SEARCH_ARGUMENTS),
                text(SEARCH_ARGUMENT_PATTERN), bool(NPH), bool(DEBUG), amount(CPU_SECONDS), amount(ADDRESS_SPACE_BYTES),
                integer(MAX_PROCESSES), bool(OWN_SESSION), Accelerator.parse(text(ACCELERATOR)), list(PRELOAD));
    }

    /** The value as given, else the default; expanded where the setting allows. */
    private String text(PoolSetting setting) {
        String value = values.get(setting);
        if (value == null) {
            value = setting.defaultValue().orElseThrow(() -> new IllegalArgumentException(setting.property() + " is required"));
        }
        return EXPANDED.contains(setting) ? CommandLine.expand(value) : value;
    }

    private Path path(PoolSetting setting) {
        String value = text(setting).strip();
        return value.isEmpty() ? null : Path.of(value);
    }

    private List<String> list(PoolSetting setting) {
        return Arrays.stream(text(setting).split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private boolean bool(PoolSetting setting) {
        String value = text(setting).strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(setting, "true or false");
        };
    }

    private int integer(PoolSetting setting) {
        long value = number(setting);
        if (value > Integer.MAX_VALUE) {
            throw invalid(setting, "at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private long amount(PoolSetting setting) {
        return number(setting);
    }

    private Duration millis(PoolSetting setting) {
        return Duration.ofMillis(number(setting));
    }

    /** A whole number within the range the setting's type allows. */
    private long number(PoolSetting setting) {
        long value;
        try {
            value = Long.parseLong(text(setting).strip());
        } catch (NumberFormatException e) {
            throw invalid(setting, "a whole number");
        }
        long least = switch (setting.type()) {
            case POSITIVE_INT, MILLIS -> 1;
            default -> 0;
        };
        if (value < least) {
            throw invalid(setting, least == 1 ? "at least 1" + (setting.type() == Type.MILLIS ? " (nothing waits forever)" : "")
                    : "0 or more");
        }
        return value;
    }

    private IllegalArgumentException invalid(PoolSetting setting, String expected) {
        return new IllegalArgumentException("pool " + pool + ": " + setting.property() + " must be " + expected
                + ", not '" + values.get(setting) + "'");
    }
}
