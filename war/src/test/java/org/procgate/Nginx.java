package org.procgate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's) on 127.0.0.1 balancing two procgate nodes, as an operator puts one in
 * front of a cluster: a failed connection or a connection reset before an answer sends an
 * idempotent request to the other node (nginx's default {@code proxy_next_upstream}). Stopped on close.
 */
final class Nginx implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;

    private Nginx(Process process) {
        this.process = process;
    }

    static Nginx start(Path dir, int port, int... backends) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        StringBuilder upstream = new StringBuilder();
        for (int backend : backends) {
            upstream.append("        server 127.0.0.1:").append(backend).append(" max_fails=1 fail_timeout=5s;\n");
        }
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream procgate {
                %2$s        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://procgate;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_connect_timeout 2s;
                            proxy_read_timeout 30s;
                        }
                    }
                }
                """.formatted(dir, upstream, port));
        Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return nginx;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
                }
                Thread.sleep(100);
            }
        }
        nginx.close();
        throw new IOException("nginx not listening on 127.0.0.1:" + port + " within 15 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
