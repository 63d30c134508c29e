package org.procgate.loadtest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Reads pools and their workers from procgate's admin API. */
final class Admin {

    /** A pool as the admin API lists it (the fields used here; JSON-B fills them). */
    public static final class Pool {
        public String name;
        public String kind;
        public String state;
        public List<Worker> workers = List.of();
    }

    /** A worker process as the admin API lists it (the fields used here; JSON-B fills them). */
    public static final class Worker {
        public long pid;
        public String state;
    }

    private static final Jsonb JSON = JsonbBuilder.create();

    private final HttpClient client;
    private final Target target;

    Admin(HttpClient client, Target target) {
        this.client = client;
        this.target = target;
    }

    List<Pool> pools() throws IOException, InterruptedException {
        Pool[] pools = JSON.fromJson(get("admin/api/pools"), Pool[].class);
        return List.of(pools);
    }

    Pool pool(String name) throws IOException, InterruptedException {
        return JSON.fromJson(get("admin/api/pools/" + name), Pool.class);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(target.adminRequest(path).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
