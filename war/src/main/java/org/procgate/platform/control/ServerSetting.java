package org.procgate.platform.control;

import java.util.Optional;

/**
 * Every system property the application reads, defined once, with its environment variable
 * where it has one and its default. The README's "Server settings" table lists each of them
 * (a test checks it); the database's own properties are defined by the database module.
 */
public enum ServerSetting {

    SEARCH_FASTCGI_POOL("procgate.search.fastcgiPool", null, "search"),
    SEARCH_CGI_POOL("procgate.search.cgiPool", null, "cgi-bin"),
    SEARCH_CGI_SCRIPT("procgate.search.cgiScript", null, "search.py"),
    GATEWAY_CGI_BIN_POOL("procgate.gateway.cgiBinPool", null, "cgi-bin"),
    GATEWAY_ROLES("procgate.gateway.roles", null, null),
    ADMIN_USER("procgate.admin.user", null, "admin"),
    ADMIN_PASSWORD_HASH("procgate.admin.passwordHash", "PROCGATE_ADMIN_PASSWORD_HASH", null),
    ADMIN_PASSWORD("procgate.admin.password", "PROCGATE_ADMIN_PASSWORD", null),
    VIEWER_USER("procgate.admin.viewer.user", null, null),
    VIEWER_PASSWORD_HASH("procgate.admin.viewer.passwordHash", "PROCGATE_ADMIN_VIEWER_PASSWORD_HASH", null),
    VIEWER_PASSWORD("procgate.admin.viewer.password", "PROCGATE_ADMIN_VIEWER_PASSWORD", null),
    ADMIN_ORIGIN("procgate.admin.origin", null, null),
    ADMIN_PORT("procgate.admin.port", null, null),
    ACCESS_LOG("procgate.accessLog", "PROCGATE_ACCESS_LOG", null),
    NODE_URL("procgate.node.url", "PROCGATE_NODE_URL", null),
    NODE_NAME("procgate.node.name", "PROCGATE_NODE_NAME", null);

    private final String property;
    private final String variable;
    private final String defaultValue;

    ServerSetting(String property, String variable, String defaultValue) {
        this.property = property;
        this.variable = variable;
        this.defaultValue = defaultValue;
    }

    public String property() {
        return property;
    }

    /** The environment variable read when the system property is not set, if the setting has one. */
    public Optional<String> variable() {
        return Optional.ofNullable(variable);
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The system property, else the environment variable, else the default; blank counts as not set. */
    public Optional<String> value() {
        String value = System.getProperty(property);
        if ((value == null || value.isBlank()) && variable != null) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? Optional.ofNullable(defaultValue) : Optional.of(value);
    }

    /** The value of a setting that has a default. */
    public String text() {
        return value().orElseThrow(() -> new IllegalStateException(property + " has no default"));
    }
}
