package org.procgate.loadtest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Harms workers while the load runs: every second one random worker of each FastCGI pool gets
 * SIGKILL, and every {@value #STOP_EVERY_SECONDS} seconds one random worker (of the pools in
 * turn) gets SIGSTOP and is left stopped. It notes, for each worker it harms, whether the admin
 * API showed it busy just before: those are the requests that may fail. Closing it lets every
 * stopped worker still alive continue (SIGCONT), so nothing stays frozen after the case.
 */
final class Chaos implements AutoCloseable {

    static final int STOP_EVERY_SECONDS = 10;

    private final Admin admin;
    private final List<String> pools;
    private final Random random = new Random(17);
    private final List<Long> stopped = new ArrayList<>();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger busyKills = new AtomicInteger();
    private final AtomicInteger busyStops = new AtomicInteger();
    private final Thread thread;
    private volatile String problem;

    Chaos(Admin admin, List<String> pools) {
        this.admin = admin;
        this.pools = List.copyOf(pools);
        this.thread = new Thread(this::harmEverySecond, "chaos");
        thread.setDaemon(true);
        thread.start();
    }

    private void harmEverySecond() {
        long next = System.nanoTime();
        try {
            for (int second = 1; !Thread.currentThread().isInterrupted(); second++) {
                next += 1_000_000_000L;
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                for (String pool : pools) {
                    harm(pool, "KILL");
                }
                if (second % STOP_EVERY_SECONDS == 0) {
                    harm(pools.get(second / STOP_EVERY_SECONDS % pools.size()), "STOP");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            problem = e.getMessage();
        }
    }

    private void harm(String pool, String signal) throws IOException, InterruptedException {
        List<Admin.Worker> workers = admin.pool(pool).workers.stream()
                .filter(w -> w.pid > 0 && !stopped.contains(w.pid) && !"STARTING".equals(w.state)).toList();
        if (workers.isEmpty()) {
            return;
        }
        Admin.Worker victim = workers.get(random.nextInt(workers.size()));
        if (!signal(signal, victim.pid)) {
            return; // it ended on its own meanwhile
        }
        boolean busy = "BUSY".equals(victim.state);
        if (signal.equals("KILL")) {
            kills.incrementAndGet();
            if (busy) {
                busyKills.incrementAndGet();
            }
        } else {
            synchronized (stopped) {
                stopped.add(victim.pid);
            }
            if (busy) {
                busyStops.incrementAndGet();
            }
        }
    }

    private static boolean signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("/bin/kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            return false;
        }
        return kill.exitValue() == 0;
    }

    int kills() {
        return kills.get();
    }

    /** Workers killed while the admin API showed them serving a request. */
    int busyKills() {
        return busyKills.get();
    }

    int stops() {
        synchronized (stopped) {
            return stopped.size();
        }
    }

    int busyStops() {
        return busyStops.get();
    }

    /** Why the chaos stopped early, or {@code null}. */
    String problem() {
        return problem;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        thread.interrupt();
        thread.join(10_000);
        synchronized (stopped) {
            for (long pid : stopped) {
                signal("CONT", pid);
            }
        }
    }
}
