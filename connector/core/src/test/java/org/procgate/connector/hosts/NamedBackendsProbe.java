package org.procgate.connector.hosts;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.settings.PoolSettingsReader;
import org.procgate.connector.threads.PoolThreads;

/**
 * A remote pool whose backends are a name, in a JVM of its own: started with
 * {@code -Djdk.net.hosts.file}, it looks names up in a file the test rewrites. Answers one line per
 * line it reads: {@code backends} (each backend and its state) or {@code serve N} (the hosts that
 * answered N requests).
 *
 * <p>Arguments: the pool's {@code addresses}, its {@code documentRoot}, a socket directory.
 */
public final class NamedBackendsProbe {

    private NamedBackendsProbe() {
    }

    public static void main(String[] args) throws Exception {
        PoolThreads threads = PoolThreads.ownThreads();
        FastCgiPool pool = new FastCgiPool(PoolSettingsReader.read(Map.of("poolName", "named", "launch", "remote",
                "addresses", args[0], "resolveIntervalMillis", "200", "documentRoot", args[1], "maxWorkers", "4",
                "backendMaxConnections", "2")), Path.of(args[2]), threads);
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("backends")) {
                    System.out.println(pool.status().backends().stream().map(b -> b.address() + "=" + b.state())
                            .sorted().collect(Collectors.joining(", ", "[", "]")));
                } else if (line.startsWith("serve ")) {
                    Set<String> hosts = new TreeSet<>();
                    for (int i = Integer.parseInt(line.substring(6)); i > 0; i--) {
                        hosts.add(pool.execute(ProgramRequest.builder("GET", "").pathInfo("/host.php").build())
                                .bodyText().strip());
                    }
                    System.out.println(hosts);
                }
                System.out.flush();
            }
        } finally {
            pool.close();
            threads.close();
        }
    }
}
