/**
 * The one OpenTelemetry SDK set-up shared by every Vigil component: Prometheus scrape endpoint,
 * optional OTLP/HTTP export of metrics and traces, W3C trace-context and baggage propagators. Only
 * {@link dev.vigil.app.telemetry.TelemetryConfig} and {@link dev.vigil.app.telemetry.Telemetry} are
 * public.
 */
package dev.vigil.app.telemetry;
