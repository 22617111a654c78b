/**
 * Rules every ingest door (HTTP API, tailers, syslog listener, {@code vigil publish}) applies to an
 * event before it is stored: the clock discipline on {@code observed_at} ({@link
 * dev.vigil.ingest.event.ClockDiscipline}), the evidence scope a collector gives its events ({@link
 * dev.vigil.ingest.event.ScopeRules}) and the Kafka key that keeps one scope's evidence in order
 * ({@link dev.vigil.ingest.event.EventKeys}). See {@code ingest/README.md (section 1)}.
 */
package dev.vigil.ingest.event;
