/**
 * W3C trace context over Kafka record headers, on the OpenTelemetry API only (no SDK).
 *
 * <p>Rule: span attributes name topics, systems and operations, never values taken from a payload
 * (no PII in attributes).
 */
package dev.vigil.kafka.telemetry;
