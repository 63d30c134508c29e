/**
 * JMH benchmarks of the connector core: the FastCGI codec, one round trip to a worker over a
 * Unix socket, and the CGI per-request overhead. Results and how to rerun them: docs/benchmarks.md.
 */
package org.procgate.benchmarks;
