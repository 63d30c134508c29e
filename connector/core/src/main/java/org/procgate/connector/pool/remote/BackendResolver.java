package org.procgate.connector.pool.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Turns a pool's declared addresses into backends: a socket path or an IP address is one backend;
 * a name is one backend per address it has now. Looked up again, a name may bring new backends
 * and drop others; a backend that stays keeps its identity (and so its counts). A name that cannot
 * be looked up keeps the backends it had, as nginx keeps the last answer when its resolver fails.
 */
public final class BackendResolver {

    private static final Logger LOG = Logger.getLogger(BackendResolver.class.getName());

    /** Looks a name up: every address it has. */
    public interface Lookup {
        InetAddress[] all(String name) throws UnknownHostException;
    }

    private final List<DeclaredBackend> declared;
    private final Lookup lookup;
    private List<Backend> current = List.of();

    public BackendResolver(List<DeclaredBackend> declared, Lookup lookup) {
        this.declared = List.copyOf(declared);
        this.lookup = lookup;
    }

    public static BackendResolver of(List<String> addresses) {
        return new BackendResolver(addresses.stream().map(DeclaredBackend::parse).toList(), InetAddress::getAllByName);
    }

    /** Whether any address is a name, so looking up again can change anything. */
    public boolean hasNames() {
        return declared.stream().anyMatch(DeclaredBackend::isName);
    }

    /** The backends now; those also there before are the same objects. */
    public synchronized List<Backend> resolve() {
        Map<String, Backend> before = current.stream().collect(Collectors.toMap(Backend::toString, Function.identity()));
        Map<String, Backend> found = new LinkedHashMap<>();
        for (DeclaredBackend entry : declared) {
            for (Backend backend : backendsOf(entry)) {
                found.putIfAbsent(backend.toString(), before.getOrDefault(backend.toString(), backend));
            }
        }
        current = List.copyOf(found.values());
        return current;
    }

    private List<Backend> backendsOf(DeclaredBackend entry) {
        if (entry.unixPath() != null) {
            return List.of(Backend.unix(entry.unixPath(), entry.weight()));
        }
        try {
            List<Backend> backends = new ArrayList<>();
            for (InetAddress ip : lookup.all(entry.host())) {
                backends.add(Backend.tcp(ip, entry.port(), entry.weight(), entry.isName() ? entry.shownFor(ip) : entry.address()));
            }
            return backends;
        } catch (UnknownHostException e) {
            List<Backend> kept = current.stream().filter(b -> b.toString().endsWith(":" + entry.port() + " (" + entry.host() + ")"))
                    .toList();
            LOG.warning(() -> "backend name " + entry.host() + " could not be looked up (" + e.getMessage() + "); "
                    + (kept.isEmpty() ? "it has no backends" : "keeping " + kept));
            return kept;
        }
    }
}
