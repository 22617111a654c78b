package dev.vigil.ingest.parse;

/**
 * Turns one record of sensor output into zero or more Vigil events. Implementations never throw on
 * bad input; {@link #safely(RecordParser)} guards against bugs by turning an unexpected exception
 * into a {@link ParseResult.Rejected} that names only the exception class.
 *
 * <p>Parsers for formats with in-stream headers (Zeek TSV) are stateful: use one instance per
 * stream and feed it records in order.
 */
@FunctionalInterface
public interface RecordParser {

  ParseResult parse(RawRecord record);

  /** Wraps a parser so that a bug cannot escape as an exception into the tailer loop. */
  static RecordParser safely(RecordParser parser) {
    return record -> {
      try {
        return parser.parse(record);
      } catch (RuntimeException | StackOverflowError e) {
        return new ParseResult.Rejected("internal parser error: " + e.getClass().getSimpleName());
      }
    };
  }
}
