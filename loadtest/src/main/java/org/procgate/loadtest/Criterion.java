package org.procgate.loadtest;

/**
 * One promise a case checks.
 *
 * @param name     what is promised
 * @param measured what the run measured
 * @param limit    the bound it must keep
 * @param met      whether it kept it
 */
record Criterion(String name, String measured, String limit, boolean met) {
}
