package org.procgate.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * Samples the server process once a second from {@code /proc} (resident memory, descriptors,
 * threads, the processes under it) and its Java heap from {@code jstat}, until closed.
 */
final class ServerSampler implements AutoCloseable {

    private final long pid;
    private final Recorder clock;
    private final List<Sample> samples = new ArrayList<>();
    /** Heap in use and old generation in use, in KB, as jstat last printed them. */
    private final AtomicLongArray heap = new AtomicLongArray(new long[] {-1, -1});
    private final Thread sampler;
    private final Process jstat;

    ServerSampler(long pid, Recorder clock) {
        this.pid = pid;
        this.clock = clock;
        this.jstat = startJstat(pid);
        this.sampler = new Thread(this::sampleEverySecond, "server-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void sampleEverySecond() {
        long next = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Sample sample = sample();
                synchronized (this) {
                    samples.add(sample);
                }
                next += 1_000_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the server is gone: nothing more to sample
        }
    }

    private Sample sample() throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = statusField(proc, "VmRSS:");
        int threads = (int) statusField(proc, "Threads:");
        int fds;
        try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
            fds = (int) open.count();
        }
        int programs = 0;
        long programsRss = 0;
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            try {
                programsRss += statusField(Path.of("/proc", Long.toString(child.pid())), "VmRSS:");
                programs++;
            } catch (IOException gone) {
                // ended between the listing and the read
            }
        }
        return new Sample(clock.second(System.nanoTime()), rss, fds, threads, heap.get(0), heap.get(1), programs,
                programsRss);
    }

    /** A number from {@code /proc/PID/status} (KB for memory fields); 0 for a field that is absent. */
    static long statusField(Path proc, String field) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    private Process startJstat(long pid) {
        try {
            Path jstatBinary = Path.of(System.getProperty("java.home"), "bin", "jstat");
            Process process = new ProcessBuilder(jstatBinary.toString(), "-gc", "-h0", Long.toString(pid), "1000")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> readJstat(process), "jstat-reader");
            reader.setDaemon(true);
            reader.start();
            return process;
        } catch (IOException e) {
            return null; // no heap figures; everything else is still sampled
        }
    }

    private void readJstat(Process process) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            List<String> header = null;
            for (String line; (line = lines.readLine()) != null; ) {
                List<String> words = Arrays.asList(line.trim().split("\\s+"));
                if (words.contains("OU")) {
                    header = words;
                } else if (header != null && words.size() == header.size()) {
                    double old = value(header, words, "OU");
                    double used = value(header, words, "S0U") + value(header, words, "S1U") + value(header, words, "EU") + old;
                    heap.set(0, Math.round(used));
                    heap.set(1, Math.round(old));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // jstat ended or printed something else: the heap figures stay at their last values
        }
    }

    private static double value(List<String> header, List<String> words, String column) {
        return Double.parseDouble(words.get(header.indexOf(column)));
    }

    @Override
    public void close() {
        sampler.interrupt();
        if (jstat != null) {
            jstat.destroy();
        }
        try {
            sampler.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
