package org.procgate.admin.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.procgate.admin.control.PoolAdministrationLocator;
import org.procgate.admin.control.PrometheusExposition;
import org.procgate.connector.api.ProgramException;

/**
 * {@code GET /admin/metrics}: every pool's metrics for Prometheus to scrape (as the operator or the
 * viewer, HTTP Basic), on every server: OpenMetrics when the scraper asks for it, else
 * Prometheus's text format.
 */
@Path("admin/metrics")
public class MetricsResource {

    @Inject
    PoolAdministrationLocator locator;

    @GET
    public Response metrics(@HeaderParam(HttpHeaders.ACCEPT) String accept) throws ProgramException {
        MetricSnapshots metrics = PrometheusExposition.of(locator.administration().summaries());
        OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
        ExpositionFormatWriter writer = openMetrics.accepts(accept) ? openMetrics : PrometheusTextFormatWriter.create();
        StreamingOutput body = out -> writer.write(out, metrics);
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, writer.getContentType()).build();
    }
}
