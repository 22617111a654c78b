package dev.vigil.app.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenTelemetry SDK per process: resource {@code service.name}, W3C trace-context and baggage
 * propagators, a Prometheus scrape endpoint and, when configured, OTLP/HTTP export of metrics and
 * spans. Pass {@link #openTelemetry()} to components explicitly; nothing is registered globally.
 */
public final class Telemetry implements AutoCloseable {

  /** Upper bound for {@link #close()}, flushing included. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final ContextPropagators PROPAGATORS =
      ContextPropagators.create(
          TextMapPropagator.composite(
              W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

  private static final Logger LOGGER = LoggerFactory.getLogger(Telemetry.class);

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final Optional<URI> prometheusEndpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Telemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, Optional<URI> prometheus) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
    this.prometheusEndpoint = prometheus;
  }

  /** Builds the SDK and starts its servers and exporters; fails fast if a port can't be bound. */
  public static Telemetry start(TelemetryConfig config) {
    Resource resource =
        Resource.getDefault()
            .merge(Resource.create(Attributes.of(SERVICE_NAME, config.serviceName())));
    SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource);
    SdkTracerProviderBuilder tracers = SdkTracerProvider.builder().setResource(resource);

    PrometheusEndpoint prometheus = null;
    if (config.prometheusPort() != TelemetryConfig.DISABLED) {
      prometheus = PrometheusEndpoint.start(config.prometheusHost(), config.prometheusPort());
      meters.registerMetricReader(prometheus.server());
    }
    config
        .otlpEndpoint()
        .ifPresent(
            base -> {
              meters.registerMetricReader(
                  OtlpExporters.metricReader(base, config.exportInterval()));
              tracers.addSpanProcessor(OtlpExporters.spanProcessor(base));
            });

    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(meters.build())
            .setTracerProvider(tracers.build())
            .setPropagators(PROPAGATORS)
            .build();
    Optional<URI> scrape = Optional.ofNullable(prometheus).map(PrometheusEndpoint::uri);
    LOGGER
        .atInfo()
        .addKeyValue("service", config.serviceName())
        .addKeyValue("prometheus", scrape.map(URI::toString).orElse("disabled"))
        .addKeyValue("otlp", config.otlpEndpoint().isPresent() ? "enabled" : "disabled")
        .log("telemetry started");
    return new Telemetry(sdk, sdk, scrape);
  }

  /**
   * No metrics or spans, no servers; still propagates W3C context, so a component with telemetry
   * off forwards the {@code traceparent} it received instead of breaking the trace.
   */
  public static Telemetry noop() {
    return new Telemetry(OpenTelemetry.propagating(PROPAGATORS), null, Optional.empty());
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** {@code http://HOST:PORT/metrics} with the port actually bound; empty when disabled. */
  public Optional<URI> prometheusEndpoint() {
    return prometheusEndpoint;
  }

  /** Pushes pending metrics and spans to the OTLP exporters; true if done within the timeout. */
  public boolean forceFlush(Duration timeout) {
    if (sdk == null || closed.get()) {
      return true;
    }
    CompletableResultCode result =
        CompletableResultCode.ofAll(
            List.of(
                sdk.getSdkMeterProvider().forceFlush(), sdk.getSdkTracerProvider().forceFlush()));
    return result.join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
  }

  /** Flushes and stops exporters and the scrape server, waiting at most {@link #CLOSE_TIMEOUT}. */
  @Override
  public void close() {
    if (sdk == null || !closed.compareAndSet(false, true)) {
      return;
    }
    CompletableResultCode result =
        sdk.shutdown().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (!result.isSuccess()) {
      LOGGER
          .atWarn()
          .addKeyValue("timeoutMs", CLOSE_TIMEOUT.toMillis())
          .log("telemetry did not shut down cleanly");
    }
  }
}
