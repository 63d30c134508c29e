package org.procgate.loadtest;

/**
 * The server at one moment.
 *
 * @param second       seconds since the case started
 * @param rssKb        the server JVM's resident memory
 * @param fds          its open file descriptors
 * @param threads      its threads
 * @param heapUsedKb   its Java heap in use (-1 where it cannot be read)
 * @param oldUsedKb    of which the old generation (-1 where it cannot be read)
 * @param programs     processes started under it (workers, scripts, their children)
 * @param programsRssKb their resident memory together
 */
record Sample(int second, long rssKb, int fds, int threads, long heapUsedKb, long oldUsedKb,
              int programs, long programsRssKb) {

    static final String CSV_HEADER = "second,rss_mb,fds,threads,heap_used_mb,old_used_mb,programs,programs_rss_mb";

    String csv() {
        return second + "," + mb(rssKb) + "," + fds + "," + threads + "," + mb(heapUsedKb) + "," + mb(oldUsedKb)
                + "," + programs + "," + mb(programsRssKb);
    }

    static String mb(long kb) {
        return kb < 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f", kb / 1024.0);
    }
}
