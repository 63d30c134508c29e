package org.procgate.systemtest.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The servers the suite runs against, by the id a failsafe execution passes as {@code procgate.server}. */
public final class Servers {

    /** The operator's password on every server under test (procgate.admin.password); the user is "admin". */
    public static final String ADMIN_PASSWORD = "systemtest-admin-secret";
    /** The viewer's password on every server under test; the user is "viewer". */
    public static final String VIEWER_PASSWORD = "systemtest-viewer-secret";

    private Servers() {
    }

    /**
     * @param database how procgate reaches its database on this server: the JVM options naming it
     */
    public static ServerUnderTest create(String id, Layout layout, DatabaseOptions database) throws IOException {
        Path servers = layout.servers();
        String work = database.workName(id);
        DatabaseOptions withAdmin = (ports, dir) -> {
            List<String> options = new ArrayList<>(database.options(ports, dir));
            options.add("-Dprocgate.admin.password=" + ADMIN_PASSWORD);
            options.add("-Dprocgate.admin.viewer.user=viewer");
            options.add("-Dprocgate.admin.viewer.password=" + VIEWER_PASSWORD);
            // the roles the test pools name, declared by procgate at start: GlassFish and Payara know no other
            options.add("-Dprocgate.gateway.roles=" + String.join(",", RealmUser.ROLES));
            // the access log to a file of the server's own, as the README's "Access log and request ids" says (AccessLogIT)
            options.add("-Dprocgate.accessLog=" + dir.resolve("access.log"));
            if (id.equals("glassfish") && options.stream().noneMatch(option -> option.startsWith("-Dprocgate.db.pgHost="))) {
                // GlassFish 7 expands ${...} in pool properties itself and knows no ${name:default}: the pools are
                // given to it without defaults (PoolDefinitions.withoutDefaults), so every name they use must be a
                // system property there (see the README, "Add a pool on a running server")
                options.add("-Dprocgate.db.pgHost=127.0.0.1");
            }
            if (id.equals("payara-server") || id.equals("glassfish")) {
                // the console on the main listener only; the domain's HTTPS listener serves the rest (AdminAccessIT)
                options.add("-Dprocgate.admin.port=" + ports.http());
            }
            return options;
        };
        return create(id, layout, work, servers, withAdmin);
    }

    private static ServerUnderTest create(String id, Layout layout, String work, Path servers, DatabaseOptions database)
            throws IOException {
        return switch (id) {
            case "payara-micro" -> new PayaraMicro(layout, work, database.options(new PortBlock(27000), layout.workFor(work)));
            case "payara-server" -> new GlassFishDomain(work, "Payara Server " + version("payara"),
                    servers.resolve("payara6/glassfish"), new PortBlock(28000), layout,
                    database.options(new PortBlock(28000), layout.workFor(work)));
            case "glassfish" -> new GlassFishDomain(work, "GlassFish " + version("glassfish"),
                    servers.resolve("glassfish7/glassfish"), new PortBlock(29000), layout,
                    database.options(new PortBlock(29000), layout.workFor(work)));
            case "wildfly" -> new WildFly(servers.resolve("wildfly-" + version("wildfly")), layout, work,
                    database.options(new PortBlock(30000), layout.workFor(work)));
            case "open-liberty" -> new OpenLiberty(servers.resolve("wlp"), layout, work,
                    database.options(new PortBlock(31000), layout.workFor(work)));
            default -> throw new IllegalArgumentException("unknown server '" + id
                    + "'; one of payara-micro, payara-server, glassfish, wildfly, open-liberty");
        };
    }

    static String version(String server) {
        return System.getProperty("procgate.version." + server, "");
    }

    /** The procgate system properties of one server run. */
    public interface DatabaseOptions {
        List<String> options(PortBlock ports, Path work);

        /** Each run gets a work directory of its own, so no server state carries over from another run. */
        default String workName(String server) {
            return server;
        }

        /** The default: the embedded database, in the server's work directory, on the block's fixed ports. */
        static DatabaseOptions embedded() {
            return (ports, work) -> List.of(
                    "-Dprocgate.db.dir=" + work.resolve("db"),
                    "-Dprocgate.db.pgPort=" + ports.pg(),
                    "-Dprocgate.db.tcpPort=" + ports.h2Tcp(),
                    "-Dprocgate.db.records=5000");
        }

        /** The external switch: procgate starts no database and uses the one these options name. */
        static DatabaseOptions external(List<String> external) {
            return new DatabaseOptions() {
                @Override
                public List<String> options(PortBlock ports, Path work) {
                    return new ArrayList<>(external);
                }

                @Override
                public String workName(String server) {
                    return server + "-external-db";
                }
            };
        }
    }
}
