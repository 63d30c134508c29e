package org.procgate.loadtest;

import java.util.List;

/**
 * What one case measured and whether it kept its promises.
 *
 * @param name      the case
 * @param summary   one line of what ran
 * @param recorder  every request's outcome
 * @param samples   the server, second by second
 * @param criteria  the promises checked
 */
record CaseReport(String name, String summary, Recorder recorder, List<Sample> samples, List<Criterion> criteria) {

    boolean met() {
        return criteria.stream().allMatch(Criterion::met);
    }
}
