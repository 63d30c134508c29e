package org.procgate.search.entity;

/**
 * One page of a search with its items already written as JSON: a program's answer, checked and
 * passed on as it came.
 *
 * @param total     how many records match in all
 * @param itemsJson the page's records, a JSON array
 * @param count     how many records the array holds
 */
public record PageJson(long total, String itemsJson, int count) {
}
