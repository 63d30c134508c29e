package org.procgate.connector.jca;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.procgate.connector.api.ProgramRequest;

/**
 * Adapters and connection factories as the server makes them: an adapter started with no
 * bootstrap context, factories configured through their JavaBean properties and associated with
 * it. Everything it started is stopped by {@link #close()}.
 */
final class JcaFixture implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("procgate.home", "../.."));

    private final List<ProcgateResourceAdapter> adapters = new ArrayList<>();

    ProcgateResourceAdapter startedAdapter() {
        ProcgateResourceAdapter adapter = new ProcgateResourceAdapter();
        adapter.start(null);
        adapters.add(adapter);
        return adapter;
    }

    /** A CGI pool over {@code scriptRoot}, associated with the adapter. */
    static ProgramManagedConnectionFactory cgiPool(ProcgateResourceAdapter adapter, String name, Path scriptRoot) {
        ProgramManagedConnectionFactory factory = new ProgramManagedConnectionFactory();
        factory.setPoolName(name);
        factory.setKind("cgi");
        factory.setScriptRoot(scriptRoot.toString());
        factory.setMaxWorkers("2");
        factory.setShutdownGraceMillis("200");
        factory.setResourceAdapter(adapter);
        return factory;
    }

    /** One warm Python FastCGI worker (the sample hello responder), associated with the adapter. */
    static ProgramManagedConnectionFactory fastCgiPool(ProcgateResourceAdapter adapter, String name) {
        ProgramManagedConnectionFactory factory = new ProgramManagedConnectionFactory();
        factory.setPoolName(name);
        factory.setKind("fastcgi");
        factory.setLaunch("bind");
        factory.setCommand("/usr/bin/python3 " + HOME.resolve("samples/fcgi/hello_app.py") + " --bind {socket}");
        factory.setProcessManager("static");
        factory.setMaxWorkers("1");
        factory.setShutdownGraceMillis("200");
        factory.setResourceAdapter(adapter);
        return factory;
    }

    /**
     * Writes an executable script into {@code dir}, both open to the scripts' user (an unprivileged
     * one when the tests run as root); returns {@code dir}.
     */
    static Path script(Path dir, String name, String body) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Scripts that answer {@code hello} and that fail without answering. */
    static Path helloScripts(Path dir) throws IOException {
        script(dir, "hello.sh", "printf 'Content-Type: text/plain\\n\\nhello'");
        return script(dir, "broken.sh", "exit 3");
    }

    /** A request for a script of a CGI pool mounted at /cgi. */
    static ProgramRequest scriptRequest(String script) {
        return ProgramRequest.builder("GET", "/cgi").pathInfo("/" + script).build();
    }

    @Override
    public void close() {
        adapters.forEach(ProcgateResourceAdapter::stop);
    }
}
