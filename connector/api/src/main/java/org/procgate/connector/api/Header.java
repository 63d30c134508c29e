package org.procgate.connector.api;

import java.io.Serializable;
import java.util.Objects;

/** One header line, name as written. */
public record Header(String name, String value) implements Serializable {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
