/**
 * Parsers turning one record of sensor output (Suricata EVE, Zeek, fast.log, syslog, CEF, Wazuh)
 * into Vigil events. Every parser returns a {@link dev.vigil.ingest.parse.ParseResult} and never
 * throws on bad input; rejection reasons name what was wrong, never the record's content. See
 * {@code ingest/README.md (section 2)}.
 */
package dev.vigil.ingest.parse;
